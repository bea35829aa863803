// checkpoints/step-N/: the HF model directory of the policy plus trainer_state/ (state.json with the
// step, optimizer step count and scheduler state; optimizer moments; metrics so far), written into
// a temporary directory and renamed, so a crash never leaves a half-written step-N.
package org.anatomyr1.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

public final class Checkpoints {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String STATE_DIR = "trainer_state";

  private Checkpoints() {}

  /** What a resumed run restores besides the weights. */
  public record State(int step, long adamSteps, String schedulerJson, Path optimizerDir, Path metrics, Path loraDir) {}

  public static Path save(Path runDir, int step, PolicyModel policy, AdamW adam, String schedulerJson, Path metrics) {
    Path dir = runDir.resolve("checkpoints").resolve("step-" + step);
    Path tmp = runDir.resolve("checkpoints").resolve(".step-" + step + ".tmp");
    try {
      deleteTree(tmp);
      policy.save(tmp);
      Path state = Files.createDirectories(tmp.resolve(STATE_DIR));
      adam.save(state.resolve("optimizer"));
      if (policy.lora() != null) policy.lora().save(state.resolve("lora"));
      ObjectNode n = JSON.createObjectNode();
      n.put("step", step);
      n.put("adam_steps", adam.stepsTaken());
      n.put("scheduler", schedulerJson == null ? "" : schedulerJson);
      Files.writeString(state.resolve("state.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
      if (Files.exists(metrics)) Files.copy(metrics, state.resolve("metrics.jsonl"));
      deleteTree(dir);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot write checkpoint: " + e.getMessage(), e);
    }
  }

  public static State read(Path checkpoint) {
    Path state = checkpoint.resolve(STATE_DIR);
    Path file = state.resolve("state.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(checkpoint + ": not a checkpoint (no " + STATE_DIR + "/state.json)");
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      for (String k : new String[] {"step", "adam_steps", "scheduler"}) {
        if (!n.has(k)) throw new IllegalArgumentException(file + ": field '" + k + "' is missing");
      }
      return new State(n.get("step").asInt(), n.get("adam_steps").asLong(), n.get("scheduler").asText(),
          state.resolve("optimizer"), state.resolve("metrics.jsonl"), state.resolve("lora"));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
    }
  }
}

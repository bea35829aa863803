// checkpoints/step-N/: the HF model directory of the policy plus trainer_state/ (state.json with the
// step, optimizer step count, scheduler state, trainer kind and algorithm; optimizer moments; metrics
// so far), built in a temporary sibling, fsynced and renamed, so a crash never leaves a half-written
// step-N and re-saving an existing step swaps it as a whole.
package org.anatomyr1.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anatomyr1.io.DurableFiles;
import org.anatomyr1.io.ParseErrors;
import org.anatomyr1.model.io.CheckpointDirectory;

public final class Checkpoints {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String STATE_DIR = "trainer_state";
  private static final Pattern STEP_DIR = Pattern.compile("step-(\\d+)");

  private Checkpoints() {}

  /**
   * What a resumed run restores besides the weights; {@code kind} ("sft" or "rl") and {@code algorithm}
   * are null for checkpoints written before they were recorded.
   */
  public record State(int step, long adamSteps, String schedulerJson, Path optimizerDir, Path metrics, Path loraDir,
      String kind, String algorithm) {}

  /** Writes checkpoints/step-{@code step} of {@code run} (its trainer kind and algorithm go into state.json). */
  static Path save(RunSetup run, int step, String schedulerJson) {
    return save(run.runDir, step, run.policy, run.optimization.adam(), schedulerJson, run.metrics.file(), run.kind,
        run.algorithm);
  }

  public static Path save(Path runDir, int step, PolicyModel policy, AdamW adam, String schedulerJson, Path metrics) {
    return save(runDir, step, policy, adam, schedulerJson, metrics, null, null);
  }

  private static Path save(Path runDir, int step, PolicyModel policy, AdamW adam, String schedulerJson, Path metrics,
      String kind, String algorithm) {
    Path dir = runDir.resolve("checkpoints").resolve("step-" + step);
    Path tmp = DurableFiles.temporaryDirectoryFor(dir); // checkpoints/.step-N.tmp
    try {
      DurableFiles.deleteTree(tmp);
      policy.save(tmp);
      Path state = Files.createDirectories(tmp.resolve(STATE_DIR));
      adam.save(state.resolve("optimizer"));
      if (policy.lora() != null) policy.lora().save(state.resolve("lora"));
      ObjectNode n = JSON.createObjectNode();
      n.put("step", step);
      n.put("adam_steps", adam.stepsTaken());
      n.put("scheduler", schedulerJson == null ? "" : schedulerJson);
      if (kind != null) n.put("kind", kind);
      if (algorithm != null) n.put("algorithm", algorithm);
      Files.writeString(state.resolve("state.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
      if (Files.exists(metrics)) {
        Files.write(state.resolve("metrics.jsonl"), MetricsWriter.linesUpTo(metrics, step));
      }
      DurableFiles.publishDirectory(tmp, dir); // fsync of every file, then the swap
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot write checkpoint: " + e.getMessage(), e);
    }
  }

  /** Reads trainer_state/state.json of {@code checkpoint}, checking field types. */
  public static State read(Path checkpoint) {
    Path state = checkpoint.resolve(STATE_DIR);
    Path file = state.resolve("state.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(checkpoint + ": not a checkpoint (no " + STATE_DIR + "/state.json)");
    }
    JsonNode n;
    try {
      n = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(ParseErrors.oneLine(file, e) + " (a corrupted checkpoint state)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) throw new IllegalArgumentException(file + ": must hold a JSON object");
    int step = (int) integer(file, n, "step", 0, Integer.MAX_VALUE);
    long adamSteps = integer(file, n, "adam_steps", 0, Long.MAX_VALUE);
    JsonNode sched = n.get("scheduler");
    if (sched == null) throw new IllegalArgumentException(file + ": field 'scheduler' is missing");
    if (!sched.isTextual()) throw new IllegalArgumentException(file + ": field 'scheduler' must be a string, got " + sched);
    return new State(step, adamSteps, sched.asText(), state.resolve("optimizer"), state.resolve("metrics.jsonl"),
        state.resolve("lora"), optionalText(file, n, "kind"), optionalText(file, n, "algorithm"));
  }

  /**
   * The state of {@code checkpoint} checked for resuming a {@code kind} run of {@code algorithm} with
   * {@code totalSteps} steps: a complete checkpoints/step-N directory (model files, trainer state), a
   * step in 1..totalSteps that matches the directory name, and the same trainer kind and algorithm.
   */
  static State readForResume(Path checkpoint, String kind, String algorithm, int totalSteps) {
    String name = checkpoint.getFileName() == null ? "" : checkpoint.getFileName().toString();
    Matcher m = STEP_DIR.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException("--resume " + checkpoint + ": not a complete checkpoint (resume from a "
          + "checkpoints/step-N directory; " + (name.startsWith(".") ? "hidden .tmp directories are unfinished writes" : "got '" + name + "'") + ")");
    }
    if (!Files.isDirectory(checkpoint)) throw new IllegalArgumentException("--resume " + checkpoint + ": no such directory");
    for (String f : new String[] {"config.json"}) {
      if (!Files.isRegularFile(checkpoint.resolve(f))) {
        throw new IllegalArgumentException("--resume " + checkpoint + ": incomplete checkpoint (" + f + " is missing)");
      }
    }
    if (!Files.isRegularFile(checkpoint.resolve(CheckpointDirectory.SINGLE_FILE))
        && !Files.isRegularFile(checkpoint.resolve(CheckpointDirectory.INDEX_FILE))) {
      throw new IllegalArgumentException("--resume " + checkpoint + ": incomplete checkpoint (no model weights)");
    }
    State s = read(checkpoint);
    Path file = checkpoint.resolve(STATE_DIR).resolve("state.json");
    if (s.step() != Long.parseLong(m.group(1))) {
      throw new IllegalArgumentException(file + ": step " + s.step() + " does not match the directory name " + name);
    }
    if (s.step() < 1) throw new IllegalArgumentException(file + ": step must be >= 1, got " + s.step());
    if (s.step() > totalSteps) {
      throw new IllegalArgumentException(file + ": step " + s.step() + " is past this run's " + totalSteps
          + " steps (raise steps to continue training)");
    }
    if (s.kind() != null && !s.kind().equals(kind)) {
      throw new IllegalArgumentException(file + ": written by " + describe(s.kind()) + " run; " + describe(kind)
          + " run cannot resume it");
    }
    if (s.algorithm() != null && algorithm != null && !s.algorithm().equals(algorithm)) {
      throw new IllegalArgumentException(file + ": written by algorithm '" + s.algorithm() + "', this run uses '"
          + algorithm + "'");
    }
    if (s.adamSteps() > 0 && !Files.isDirectory(s.optimizerDir())) {
      throw new IllegalArgumentException("--resume " + checkpoint + ": incomplete checkpoint (" + s.optimizerDir() + " is missing)");
    }
    return s;
  }

  private static String describe(String kind) {
    return "sft".equals(kind) ? "an sft" : "rl".equals(kind) ? "a train (RL)" : "a '" + kind + "'";
  }

  private static long integer(Path file, JsonNode n, String key, long min, long max) {
    JsonNode v = n.get(key);
    if (v == null) throw new IllegalArgumentException(file + ": field '" + key + "' is missing");
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(file + ": field '" + key + "' must be an integer, got " + v);
    }
    long x = v.asLong();
    if (x < min || x > max) throw new IllegalArgumentException(file + ": field '" + key + "' = " + x + " is out of range");
    return x;
  }

  private static String optionalText(Path file, JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new IllegalArgumentException(file + ": field '" + key + "' must be a string, got " + v);
    return v.asText();
  }

  static void deleteTree(Path p) throws IOException {
    DurableFiles.deleteTree(p);
  }
}

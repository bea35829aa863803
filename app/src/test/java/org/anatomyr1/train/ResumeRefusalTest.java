// --resume accepts only a complete, matching checkpoints/step-N: a hidden .tmp directory, a corrupted or
// mistyped state.json, a step past `steps` and a checkpoint of the other trainer kind are refused with
// one line naming the file, before anything in the run directory changes; metrics.jsonl is cut back to
// the checkpoint's step (a torn last line included).
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.data.CliCapture;
import org.anatomyr1.data.CliRefusal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeRefusalTest {
  static final long SEED = 13;
  @TempDir static Path tmp;
  static Path data;
  static Path model;
  static Path runs;
  static Path run;

  static String[] train(String name, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--model", model.toString(), "--data", data.toString(),
        "--out", runs.toString(), "--name", name, "--algo", "gpg", "--curriculum", "random", "steps=3", "batch=2",
        "group_size=2", "max_completion_tokens=4", "threads=1", "progress=false", "seed=" + SEED));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @BeforeAll
  static void aRunWithCheckpoints() {
    System.out.println("seed " + SEED);
    data = TinyTrainFixture.data(tmp.resolve("data"), 8, SEED);
    model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    runs = tmp.resolve("runs");
    CliCapture.Run r = CliCapture.run(train("a", "checkpoint_every=1"));
    assertEquals(0, r.exit(), r.err());
    run = runs.resolve("a");
  }

  private static Path copyCheckpoint(String as) throws Exception {
    Path src = run.resolve("checkpoints/step-2");
    Path dst = tmp.resolve("copies").resolve(as);
    Files.createDirectories(dst.getParent());
    try (var s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dst;
  }

  @Test
  void hiddenTemporaryDirectoryIsRefused() throws Exception {
    Path hidden = copyCheckpoint(".step-2.tmp");
    CliRefusal.assertRefused(List.of(run, hidden), List.of("not a complete checkpoint", ".tmp"),
        train("a", "--resume", hidden.toString()));
  }

  @Test
  void corruptedStateJsonIsRefusedNamingTheFile() throws Exception {
    Path bad = copyCheckpoint("t1/step-2");
    Path state = bad.resolve("trainer_state/state.json");
    Files.writeString(state, Files.readString(state).replace("\"step\" : 2", "\"step\" : \"ten\""));
    CliRefusal.assertRefused(List.of(run, bad), List.of(state.toString(), "'step' must be an integer"),
        train("a", "--resume", bad.toString()));
    Files.writeString(state, "{\"step\": 2, \"adam_"); // torn write
    CliRefusal.assertRefused(List.of(run, bad), List.of(state + ":1:"), train("a", "--resume", bad.toString()));
  }

  @Test
  void badSchedulerStateNamesTheStateFile() throws Exception {
    Path bad = copyCheckpoint("t2/step-2");
    Path state = bad.resolve("trainer_state/state.json");
    com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(state.toFile());
    n.put("scheduler", "{not json");
    Files.writeString(state, n.toString());
    CliCapture.Run r = CliCapture.run(train("sched", "--resume", bad.toString()));
    assertEquals(2, r.exit(), r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(state + ": field 'scheduler': random scheduler state: not valid JSON"), r.err());
  }

  @Test
  void nanOptimizerMomentsAreRefusedNamingTheTensor() throws Exception {
    Path bad = copyCheckpoint("t3/step-2");
    Path opt = bad.resolve("trainer_state/optimizer/model.safetensors");
    byte[] b = Files.readAllBytes(opt);
    long n = java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    com.fasterxml.jackson.databind.JsonNode header = new ObjectMapper().readTree(new String(b, 8, (int) n,
        java.nio.charset.StandardCharsets.UTF_8));
    String name = null;
    for (var it = header.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (k.startsWith("v/") && header.get(k).get("dtype").asText().equals("F32")) {
        name = k;
        break;
      }
    }
    int at = 8 + (int) n + header.get(name).get("data_offsets").get(0).asInt();
    java.nio.ByteBuffer.wrap(b, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
    Files.write(opt, b);
    CliRefusal.assertRefused(List.of(bad), List.of("tensor '" + name + "' holds 1 NaN"),
        train("nanopt", "--resume", bad.toString()));
  }

  @Test
  void stepPastStepsIsRefused() {
    CliRefusal.assertRefused(List.of(run), List.of("step 2 is past this run's 1 steps"),
        train("a", "--resume", run.resolve("checkpoints/step-2").toString(), "steps=1"));
  }

  @Test
  void sftCannotResumeAnRlCheckpoint() {
    CliRefusal.assertRefused(List.of(run), List.of("written by a train (RL) run", "sft"), "sft", "--model",
        model.toString(), "--data", data.toString(), "--out", runs.toString(), "--name", "a", "steps=3", "batch=2",
        "threads=1", "progress=false", "--resume", run.resolve("checkpoints/step-2").toString());
  }

  @Test
  void metricsAreCutBackToTheCheckpointTornLineIncluded() throws Exception {
    CliCapture.Run b = CliCapture.run(train("b", "checkpoint_every=1"));
    assertEquals(0, b.exit(), b.err());
    Path rb = runs.resolve("b");
    Path ckpt = rb.resolve("checkpoints/step-1");
    Files.delete(ckpt.resolve("trainer_state/metrics.jsonl")); // only the run's own file is left to cut back
    Files.writeString(rb.resolve("metrics.jsonl"), "{\"step\":3,\"reward_mean\":0.5", java.nio.file.StandardOpenOption.APPEND);
    CliCapture.Run r = CliCapture.run(train("b", "--resume", ckpt.toString()));
    assertEquals(0, r.exit(), r.err());
    List<String> lines = Files.readAllLines(rb.resolve("metrics.jsonl"));
    assertEquals(3, lines.size(), String.join("\n", lines));
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < 3; i++) assertEquals(i + 1, json.readTree(lines.get(i)).get("step").asInt(), lines.get(i));
    assertTrue(Files.readString(rb.resolve("metrics.jsonl")).endsWith("\n"));
  }
}

// A run resumed from checkpoints/step-2 of another run continues exactly: its metrics.jsonl equals
// the uninterrupted run's line for line (timing keys aside) and the final weights are identical.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
  static final long SEED = 9;

  @Test
  void grpoResumeReproducesTheUninterruptedRun(@TempDir Path tmp) throws Exception {
    System.out.println("seed " + SEED);
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 12, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    // grpo keeps its KL term (reference policy) and mu = 2 exercises the old log-probs
    TrainConfig c = TrainConfig.load(null, List.of("model=" + model, "data.train=" + data, "out=" + tmp.resolve("runs"),
        "steps=4", "batch=2", "group_size=2", "max_completion_tokens=5", "progress=false", "seed=" + SEED, "lr=1e-3",
        "threads=1", "checkpoint_every=2", "algo.num_iterations=2", "sampling.temperature=1.5"));
    Path a = GrpoTrainer.run(c.with("name=a"));
    Path ckpt = a.resolve("checkpoints/step-2");
    assertTrue(Files.isRegularFile(ckpt.resolve("trainer_state/state.json")));
    Path b = GrpoTrainer.run(c.with("name=b", "resume=" + ckpt));
    assertEquals(ComparableMetrics.of(a), ComparableMetrics.of(b));
    assertArrayEquals(Files.readAllBytes(a.resolve("final/model.safetensors")),
        Files.readAllBytes(b.resolve("final/model.safetensors")));
  }

  /**
   * A resume that fails while the trainer is built (here: the checkpoint's scheduler state is not
   * JSON) names state.json and closes what the run had loaded (policy weights, AdamW moments):
   * JavaCPP's count of live native objects is back where it was, without waiting for the GC.
   */
  @Test
  void aResumeThatFailsWhileTheTrainerIsBuiltClosesWhatItLoaded(@TempDir Path tmp) throws Exception {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 12, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    TrainConfig c = TrainConfig.load(null, List.of("model=" + model, "data.train=" + data, "out=" + tmp.resolve("runs"),
        "steps=3", "batch=2", "group_size=2", "max_completion_tokens=5", "progress=false", "seed=" + SEED,
        "threads=1", "checkpoint_every=2"));
    Path ckpt = GrpoTrainer.run(c.with("name=a")).resolve("checkpoints/step-2");
    Path state = ckpt.resolve("trainer_state/state.json");
    var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(state.toFile());
    json.put("scheduler", "not json");
    Files.writeString(state, json.toString());

    long before = org.bytedeco.javacpp.Pointer.totalCount();
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> GrpoTrainer.run(c.with("name=b", "resume=" + ckpt)));
    long left = org.bytedeco.javacpp.Pointer.totalCount() - before;
    System.out.println("ResumeTest: a failed resume left " + left + " native objects to the GC");
    assertTrue(e.getMessage().contains(state.toString()) && e.getMessage().contains("scheduler"), e.getMessage());
    assertTrue(left <= 20, left + " native objects of the failed run were left to the GC");
  }

  @Test
  void sftResumeReproducesTheUninterruptedRun(@TempDir Path tmp) throws Exception {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 12, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    TrainConfig c = TrainConfig.load(null, List.of("model=" + model, "data.train=" + data, "out=" + tmp.resolve("runs"),
        "steps=4", "batch=2", "progress=false", "seed=" + SEED, "lr=1e-3", "threads=1", "checkpoint_every=2",
        "sft.mode=cot", "grad_accum=2"));
    Path a = SftTrainer.run(c.with("name=a"));
    Path b = SftTrainer.run(c.with("name=b", "resume=" + a.resolve("checkpoints/step-2")));
    assertEquals(ComparableMetrics.of(a), ComparableMetrics.of(b));
    assertEquals(4, ComparableMetrics.of(a).size());
  }
}

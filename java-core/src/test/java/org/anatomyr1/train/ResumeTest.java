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

// TrainConfig: YAML with nested sections and dotted overrides resolve in order; every bad value
// fails naming its key and the allowed range; config.yaml round-trips.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.rl.Algorithm;
import org.anatomyr1.rl.LossAggregation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {
  @Test
  void yamlThenOverrides(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("c.yaml");
    Files.writeString(f, """
        model: /m
        data:
          train: /d.jsonl
        steps: 7
        algo: dapo
        curriculum:
          value: asc
          bins: 4
        gdqa.transforms: [noise, shift]
        """);
    TrainConfig c = TrainConfig.load(f, List.of("steps=9", "algo.beta=0.01", "gdqa=on"));
    assertEquals(Path.of("/m"), c.model());
    assertEquals(Path.of("/d.jsonl"), c.dataTrain());
    assertEquals(9, c.steps());
    assertEquals("asc", c.curriculum());
    assertEquals(4, c.curriculumBins());
    assertEquals(List.of("noise", "shift"), c.gdqaTransforms());
    assertTrue(c.gdqa());
    assertNull(c.groupSize());
    Algorithm a = AlgorithmOverrides.resolve(c);
    assertEquals("dapo", a.name());
    assertEquals(0.01f, a.loss().beta());
    assertEquals(0.28f, a.loss().epsHigh());
    assertEquals(8, a.groupSize());
    // the resolved config.yaml loads back to the same values
    Path back = tmp.resolve("config.yaml");
    Files.writeString(back, c.toYaml());
    assertEquals(c.values(), TrainConfig.load(back, List.of()).values());
  }

  @Test
  void overridesReachTheAlgorithm() {
    Algorithm a = AlgorithmOverrides.resolve(TrainConfig.defaults().with("algo=grpo", "group_size=4",
        "algo.aggregation=seq-mean-token-sum-norm", "algo.advantage=center", "sampling.temperature=0.7"));
    assertEquals(4, a.groupSize());
    assertEquals(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM, a.aggregation());
    assertEquals(0.7f, a.temperature());
    assertEquals(0.7f, a.loss().temperature());
  }

  @Test
  void badValuesNameTheKeyAndRange() {
    assertMessage("steps", "integer in [1,", "steps=0");
    assertMessage("lr", "number in [0.0, 1.0]", "lr=abc");
    assertMessage("algo", "grpo, dapo, gpg, dr_grpo", "algo=ppo");
    assertMessage("algo", "grpo, dapo, gpg, dr_grpo", "algo=bnpo"); // not offered: Beta-normalised advantage not implemented
    assertMessage("curriculum", "asc, random, sorted", "curriculum=hard");
    assertMessage("unknown config key 'stepz'", "valid:", "stepz=3");
    assertMessage("not key=value", "", "steps");
    assertMessage("sampling.top_p", "1.0]", "sampling.top_p=1.5");
    assertMessage("lora.rank", "integer in [0,", "lora.rank=-1");
    assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().requireInputs());
  }

  @Test
  void sftKeysReplaceTheRlBudget() {
    TrainConfig c = TrainConfig.demoQuick().forSft();
    assertEquals(300, c.steps());
    assertEquals(4, c.batch());
    assertEquals(40, TrainConfig.demoQuick().steps());
    assertTrue(TrainConfig.demoQuick().trainVision(), "the demo's question needs the image: the vision tower trains");
    assertEquals(0, TrainConfig.defaults().curriculumStepBudget(), "the paper's ASC: no step budget by default");
    assertEquals(0.0, TrainConfig.defaults().curriculumReplay(), "the paper's ASC: no replay by default");
    assertEquals(1, TrainConfig.defaults().with("gdqa.text=off").gdqaText());
    assertEquals(1, TrainConfig.defaults().with("gdqa.image=off").gdqaImage());
  }

  private static void assertMessage(String a, String b, String override) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().with(override));
    assertTrue(e.getMessage().contains(a) && e.getMessage().contains(b), e.getMessage());
  }
}

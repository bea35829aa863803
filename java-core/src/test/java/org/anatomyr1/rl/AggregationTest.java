// Hand tables for the loss aggregation weights, GPG's alpha and the algorithm defaults.
package org.anatomyr1.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.anatomyr1.kernels.AdvantageMode;
import org.anatomyr1.kernels.LossVariant;
import org.junit.jupiter.api.Test;

class AggregationTest {
  // two completions with 2 and 6 valid tokens, L_max = 10
  static final int[] LENGTHS = {2, 6};

  @Test
  void tokenMeanWeighsEveryTokenEqually() {
    assertArrayEquals(new double[] {1.0 / 8, 1.0 / 8}, LossAggregation.TOKEN_MEAN.sequenceWeights(LENGTHS, 10), 1e-15);
  }

  @Test
  void seqMeanTokenMeanWeighsEveryCompletionEqually() {
    // (1/B) * (1/|o_i|): 1/4 for the short one, 1/12 for the long one
    assertArrayEquals(new double[] {0.25, 1.0 / 12}, LossAggregation.SEQ_MEAN_TOKEN_MEAN.sequenceWeights(LENGTHS, 10), 1e-15);
  }

  @Test
  void drGrpoUsesAConstantNormaliser() {
    assertArrayEquals(new double[] {0.05, 0.05}, LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM.sequenceWeights(LENGTHS, 10), 1e-15);
  }

  @Test
  void emptyCompletionsGetNoWeight() {
    assertArrayEquals(new double[] {0, 0}, LossAggregation.TOKEN_MEAN.sequenceWeights(new int[] {0, 0}, 10));
    assertArrayEquals(new double[] {0, 0.5}, LossAggregation.SEQ_MEAN_TOKEN_MEAN.sequenceWeights(new int[] {0, 1}, 10));
    assertEquals(0, LossAggregation.TOKEN_MEAN.sequenceWeights(new int[0], 10).length);
  }

  @Test
  void aggregationNamesRoundTripAndUnknownNamesListValidOnes() {
    for (LossAggregation a : LossAggregation.values()) assertEquals(a, LossAggregation.fromConfig(a.configName()));
    var e = assertThrows(IllegalArgumentException.class, () -> LossAggregation.fromConfig("sum"));
    assertTrue(e.getMessage().contains("token-mean, seq-mean-token-mean, seq-mean-token-sum-norm"));
  }

  @Test
  void gpgAlphaTable() {
    assertEquals(1.0, GroupAdvantages.gpgAlpha(8, 0));
    assertEquals(2.0, GroupAdvantages.gpgAlpha(8, 4));
    assertEquals(8.0, GroupAdvantages.gpgAlpha(8, 7));
    assertEquals(1.0, GroupAdvantages.gpgAlpha(8, 8)); // no valid group: loss is 0 anyway
    assertThrows(IllegalArgumentException.class, () -> GroupAdvantages.gpgAlpha(4, 5));
  }

  @Test
  void algorithmDefaultsFollowTheirReferences() {
    var registry = AlgorithmRegistry.defaults();
    Algorithm grpo = registry.get("grpo");
    assertEquals(0.04f, grpo.loss().beta());
    assertEquals(0.2f, grpo.loss().epsHigh());
    assertEquals(AdvantageMode.STD, grpo.advantages().mode());
    assertTrue(grpo.advantages().unbiased());
    assertEquals(1e-4f, grpo.advantages().eps());
    assertEquals(8, grpo.groupSize());
    assertEquals(50, grpo.topK());
    Algorithm dapo = registry.get("dapo");
    assertEquals(0.28f, dapo.loss().epsHigh());
    assertTrue(dapo.dynamicSampling() && dapo.overlongFilter());
    Algorithm gpg = registry.get("gpg");
    assertEquals(LossVariant.PLAIN, gpg.loss().variant());
    assertEquals(AdvantageMode.CENTER, gpg.advantages().mode());
    assertTrue(gpg.gpgAlpha());
    Algorithm dr = registry.get("dr_grpo");
    assertEquals(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM, dr.aggregation());
    assertFalse(dr.gpgAlpha());
    var e = assertThrows(IllegalArgumentException.class, () -> registry.get("ppo"));
    assertEquals("unknown algorithm 'ppo'; valid: grpo, dapo, gpg, dr_grpo", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> registry.get("bnpo"), "bnpo is not registered");
  }
}

// Resolves the algorithm of a run: the registry's reference defaults (rl.AlgorithmRegistry), then
// every explicit override of the config (aggregation, advantage, eps, beta, clip, sampling, G).
package org.anatomyr1.train;

import org.anatomyr1.kernels.AdvantageConfig;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.anatomyr1.rl.AdvantageEstimators;
import org.anatomyr1.rl.Algorithm;
import org.anatomyr1.rl.AlgorithmRegistry;
import org.anatomyr1.rl.LossAggregation;

public final class AlgorithmOverrides {
  private AlgorithmOverrides() {}

  public static Algorithm resolve(TrainConfig c) {
    Algorithm a = AlgorithmRegistry.defaults().get(c.algo());
    float tau = c.temperature() == null ? a.temperature() : c.temperature().floatValue();
    PolicyLossConfig l = a.loss();
    PolicyLossConfig loss = new PolicyLossConfig(l.variant(), tau,
        c.clipLow() == null ? l.epsLow() : c.clipLow().floatValue(),
        c.clipHigh() == null ? l.epsHigh() : c.clipHigh().floatValue(),
        c.beta() == null ? l.beta() : c.beta().floatValue());
    AdvantageConfig ad = a.advantages();
    AdvantageConfig adv = new AdvantageConfig(
        c.advantage() == null ? ad.mode() : AdvantageEstimators.mode(c.advantage()),
        c.unbiasedStd() == null ? ad.unbiased() : c.unbiasedStd(),
        c.advEps() == null ? ad.eps() : c.advEps().floatValue());
    LossAggregation agg = c.aggregation() == null ? a.aggregation() : LossAggregation.fromConfig(c.aggregation());
    int g = c.groupSize() == null ? a.groupSize() : c.groupSize();
    return new Algorithm(a.name(), loss, adv, agg,
        c.dynamicSampling() == null ? a.dynamicSampling() : c.dynamicSampling(),
        c.maxResample() == null ? a.maxResampleRounds() : c.maxResample(), a.overlongFilter(), a.gpgAlpha(), g, tau,
        c.topK() == null ? a.topK() : c.topK(), c.topP() == null ? a.topP() : c.topP().floatValue());
  }
}

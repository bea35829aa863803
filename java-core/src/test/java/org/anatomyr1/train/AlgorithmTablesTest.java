// Each registered algorithm's whole-step loss on a hand-sized table (B = 2 groups of G = 3, V = 5):
// advantages, overlong filtering, aggregation weights, GPG alpha and the chunked fused loss give the
// scalar loss and d loss / d logits that double-precision Java computes from the formulas.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.kernels.AdvantageMode;
import org.anatomyr1.kernels.LossVariant;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.anatomyr1.rl.Algorithm;
import org.anatomyr1.rl.GroupAdvantages;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class AlgorithmTablesTest {
  static final long SEED = 3;
  static final int G = 3, V = 5, LMAX = 3;
  static final float[] REWARDS = {1, 0, 2, 1, 1, 1}; // group 1 has zero variance
  static final int[] LENGTHS = {2, 3, 3, 1, 2, 2};
  static final boolean[] TRUNCATED = {false, false, true, false, false, false};

  @Test
  void everyAlgorithmMatchesDoublePrecisionTables() {
    System.out.println("seed " + SEED);
    for (String name : List.of("grpo", "dapo", "gpg", "dr_grpo")) {
      Algorithm algo = AlgorithmOverrides.resolve(TrainConfig.defaults().with("algo=" + name));
      check(algo);
    }
  }

  private void check(Algorithm algo) {
    GroupAdvantages gw = GroupAdvantages.of(algo, G, REWARDS, LENGTHS, TRUNCATED, LMAX);
    int rows = REWARDS.length;
    // 1. advantages, include, weights by hand
    double[] adv = new double[rows];
    for (int b = 0; b < rows / G; b++) {
      double mean = 0;
      for (int j = 0; j < G; j++) mean += REWARDS[b * G + j] / (double) G;
      double ss = 0;
      for (int j = 0; j < G; j++) ss += Math.pow(REWARDS[b * G + j] - mean, 2);
      double std = Math.sqrt(ss / (algo.advantages().unbiased() ? G - 1 : G));
      for (int j = 0; j < G; j++) {
        double c = REWARDS[b * G + j] - mean;
        adv[b * G + j] = algo.advantages().mode() == AdvantageMode.STD ? c / (std + algo.advantages().eps()) : c;
      }
    }
    boolean dapo = algo.name().equals("dapo");
    double alpha = algo.name().equals("gpg") ? 2.0 / 1.0 : 1.0; // 2 groups, 1 with zero variance
    int validTotal = 0;
    for (int r = 0; r < rows; r++) if (!(dapo && TRUNCATED[r])) validTotal += LENGTHS[r];
    double[] w = new double[rows];
    for (int r = 0; r < rows; r++) {
      w[r] = switch (algo.aggregation()) {
        case TOKEN_MEAN -> 1.0 / validTotal;
        case SEQ_MEAN_TOKEN_MEAN -> 1.0 / (rows * LENGTHS[r]);
        case SEQ_MEAN_TOKEN_SUM_NORM -> 1.0 / (rows * LMAX);
      } * alpha;
      assertEquals(adv[r], gw.advantages()[r], 1e-5, algo.name() + " advantage " + r);
      assertEquals(!(dapo && TRUNCATED[r]), gw.include()[r], algo.name() + " include " + r);
      if (gw.include()[r]) assertEquals(w[r], gw.weights()[r], 1e-12, algo.name() + " weight " + r);
    }
    assertEquals(alpha, gw.alpha(), 0, algo.name() + " alpha");
    assertEquals(1, gw.zeroVarianceGroups());

    // 2. tokens of the included rows; logits = hidden through an identity lm_head
    SplittableRandom rng = new SplittableRandom(SEED);
    List<Integer> rowOf = new ArrayList<>();
    for (int r = 0; r < rows; r++) if (gw.include()[r]) for (int t = 0; t < LENGTHS[r]; t++) rowOf.add(r);
    int n = rowOf.size();
    double[][] z = new double[n][V];
    float[] zf = new float[n * V];
    long[] y = new long[n];
    float[] old = new float[n], ref = new float[n], a = new float[n], wt = new float[n];
    PolicyLossConfig cfg = algo.loss();
    double tau = cfg.temperature();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < V; j++) {
        zf[i * V + j] = (float) rng.nextDouble(-2, 2);
        z[i][j] = zf[i * V + j];
      }
      y[i] = rng.nextInt(V);
      double lp = logSoftmax(z[i], tau)[(int) y[i]];
      old[i] = (float) (lp + rng.nextDouble(-0.4, 0.4)); // ratios on both sides of the clip range
      ref[i] = (float) (lp + rng.nextDouble(-0.5, 0.5));
      a[i] = (float) adv[rowOf.get(i)];
      wt[i] = (float) w[rowOf.get(i)];
    }
    Tensor hidden = HostTensors.floats(zf, n, V);
    Tensor head = torch.eye(V); // [V, V]
    Tensor gradHead = torch.zeros_like(head);
    boolean clip = cfg.variant() == LossVariant.CLIP;
    ChunkedPolicyLoss.Result res = ChunkedPolicyLoss.lossAndHiddenGrad(hidden, head, new ChunkedPolicyLoss.TokenInputs(
        HostTensors.longs(y, n), clip ? HostTensors.floats(old, n) : null, cfg.beta() > 0 ? HostTensors.floats(ref, n) : null,
        HostTensors.floats(a, n), HostTensors.floats(wt, n)), cfg, 2, gradHead, false);

    // 3. the formulas in double
    double loss = 0;
    double[][] grad = new double[n][V];
    for (int i = 0; i < n; i++) {
      double[] ls = logSoftmax(z[i], tau);
      double lp = ls[(int) y[i]];
      double r = clip ? Math.exp(lp - old[i]) : 1;
      double lt, gt;
      if (clip) {
        double clipped = Math.min(Math.max(r, 1 - cfg.epsLow()), 1 + cfg.epsHigh());
        lt = -Math.min(r * a[i], clipped * a[i]);
        boolean active = (a[i] > 0 && r > 1 + cfg.epsHigh()) || (a[i] < 0 && r < 1 - cfg.epsLow());
        gt = active ? 0 : -a[i] * r;
      } else {
        lt = -lp * a[i];
        gt = -a[i];
      }
      if (cfg.beta() > 0) {
        double d = ref[i] - lp;
        lt += cfg.beta() * (Math.exp(d) - d - 1);
        gt += cfg.beta() * (1 - Math.exp(d));
      }
      loss += wt[i] * lt;
      for (int j = 0; j < V; j++) grad[i][j] = wt[i] * gt / tau * ((j == y[i] ? 1 : 0) - Math.exp(ls[j]));
    }
    assertTrue(Math.abs(res.stats().loss() - loss) <= Tolerances.LOSS_ATOL + Tolerances.LOSS_RTOL * Math.abs(loss),
        algo.name() + ": loss " + res.stats().loss() + " vs " + loss);
    float[] g = HostTensors.toFloats(res.gradHidden());
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < V; j++) {
        assertTrue(Math.abs(g[i * V + j] - grad[i][j]) <= Tolerances.LOSS_ATOL + Tolerances.LOSS_RTOL * Math.abs(grad[i][j]),
            algo.name() + ": dloss/dz[" + i + "][" + j + "] " + g[i * V + j] + " vs " + grad[i][j]);
      }
    }
    // with an identity head, d loss / d head = dlogits^T @ hidden
    float[] gh = HostTensors.toFloats(gradHead);
    double expect = 0;
    for (int i = 0; i < n; i++) expect += grad[i][1] * z[i][3];
    assertEquals(expect, gh[V + 3], 1e-5 + 1e-4 * Math.abs(expect), algo.name() + " head grad [1][3]");
  }

  private static double[] logSoftmax(double[] z, double tau) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) max = Math.max(max, x / tau);
    double s = 0;
    for (double x : z) s += Math.exp(x / tau - max);
    double lse = max + Math.log(s);
    double[] out = new double[z.length];
    for (int j = 0; j < z.length; j++) out[j] = z[j] / tau - lse;
    return out;
  }
}

// Double-precision Java reference of the four kernels, written from kernels.h / kernels.md
// (the llm.c "plain CPU reference beside every kernel").
package org.anatomyr1.kernels;

final class ReferenceKernels {
  private ReferenceKernels() {}

  /** Per-row softmax statistics of z = logits[r] / tau. */
  record Row(double lse, double logp, double entropy, double[] p, double scale) {}

  static Row row(float[] logits, long offset, int v, long target, double tau) {
    double m = Double.NEGATIVE_INFINITY;
    double maxAbs = 0;
    for (int j = 0; j < v; j++) {
      double z = logits[(int) offset + j] / tau;
      m = Math.max(m, z);
      if (Double.isFinite(z)) {
        maxAbs = Math.max(maxAbs, Math.abs(z));
      }
    }
    double s = 0;
    for (int j = 0; j < v; j++) {
      s += Math.exp(logits[(int) offset + j] / tau - m);
    }
    double lse = m + Math.log(s);
    double[] p = new double[v];
    double pz = 0;
    for (int j = 0; j < v; j++) {
      double z = logits[(int) offset + j] / tau;
      p[j] = Math.exp(z - lse);
      if (p[j] > 0) {
        pz += p[j] * z;
      }
    }
    double logp = logits[(int) (offset + target)] / tau - lse;
    return new Row(lse, logp, lse - pz, p, Math.max(maxAbs, Math.abs(lse)));
  }

  /** Outputs of the token log-prob reference. */
  record TokenOut(double[] logp, double[] lse, double[] entropy, double[] slack) {}

  static TokenOut tokenLogprobs(float[] logits, int n, int v, int stride, long[] targets,
      double tau) {
    double[] logp = new double[n];
    double[] lse = new double[n];
    double[] ent = new double[n];
    double[] slack = new double[n];
    for (int r = 0; r < n; r++) {
      Row row = row(logits, (long) r * stride, v, targets[r], tau);
      logp[r] = row.logp();
      lse[r] = row.lse();
      ent[r] = row.entropy();
      slack[r] = Tolerances.logDomainSlack(row.scale());
    }
    return new TokenOut(logp, lse, ent, slack);
  }

  /** Outputs of the policy loss reference; grad is dense [n, v]; gradSlack per element. */
  record LossOut(double[] logp, double[] loss, double[] kl, double[] ratio, boolean[] clipped,
      boolean[] nearBoundary, double[] grad, double[] slack, double[] lossSlack,
      double[] klSlack, double[] gradSlack) {}

  /**
   * Reference of ar1_policy_loss. {@code kernelClipped} (nullable) overrides the clip flag of rows
   * whose ratio sits within 1e-4 of a clip boundary, where fp32 and double legitimately disagree.
   */
  static LossOut policyLoss(float[] logits, int n, int v, int stride, long[] targets, float[] old,
      float[] ref, float[] adv, float[] mask, float[] w, LossVariant variant, double tau, double el,
      double eh, double beta, byte[] kernelClipped) {
    double[] logp = new double[n];
    double[] loss = new double[n];
    double[] kl = new double[n];
    double[] ratio = new double[n];
    boolean[] clipped = new boolean[n];
    boolean[] near = new boolean[n];
    double[] grad = new double[n * v];
    double[] slack = new double[n];
    double[] lossSlack = new double[n];
    double[] klSlack = new double[n];
    double[] gradSlack = new double[n * v];
    for (int t = 0; t < n; t++) {
      Row row = row(logits, (long) t * stride, v, targets[t], tau);
      double lp = row.logp();
      double o = old == null ? lp : old[t];
      double a = adv[t];
      double mt = mask == null ? 1 : mask[t];
      double wt = w == null ? 1 : w[t];
      double r = old == null ? 1.0 : Math.exp(lp - o);
      double d = beta == 0 ? 0 : ref[t] - lp;
      double k3 = beta == 0 ? 0 : Math.exp(d) - d - 1;
      boolean clip = variant == LossVariant.CLIP
          && ((a > 0 && r > 1 + eh) || (a < 0 && r < 1 - el));
      boolean nearB = variant == LossVariant.CLIP
          && (Math.abs(r - (1 + eh)) < 1e-4 || Math.abs(r - (1 - el)) < 1e-4);
      if (nearB && kernelClipped != null) {
        clip = kernelClipped[t] != 0;
      }
      double lt;
      double g;
      if (variant == LossVariant.CLIP) {
        double rc = Math.min(Math.max(r, 1 - el), 1 + eh);
        lt = -Math.min(r * a, rc * a) + beta * k3;
        g = wt * mt * (-a * r * (clip ? 0 : 1) + beta * (1 - Math.exp(d)));
      } else {
        lt = -lp * a + beta * k3;
        g = wt * mt * (-a + beta * (1 - Math.exp(d)));
      }
      logp[t] = lp;
      loss[t] = lt;
      kl[t] = k3;
      ratio[t] = r;
      clipped[t] = clip;
      near[t] = nearB;
      double s = Tolerances.logDomainSlack(row.scale());
      slack[t] = s;
      // d/dlogp of every output scaled by the log-domain slack (error propagation)
      double dRatio = old == null ? 0 : r;
      double dKl = beta == 0 ? 0 : Math.abs(1 - Math.exp(d));
      lossSlack[t] = s * (Math.abs(a) * (variant == LossVariant.CLIP ? dRatio : 1)
          + beta * (Math.exp(d) + 1)) + (nearB ? 1e-4 * Math.abs(a) : 0);
      klSlack[t] = s * dKl;
      double dg = Math.abs(wt * mt) * (Math.abs(a) * dRatio + beta * Math.exp(d)) * s;
      for (int j = 0; j < v; j++) {
        double delta = j == targets[t] ? 1 : 0;
        grad[t * v + j] = mt == 0 ? 0 : g / tau * (delta - row.p()[j]);
        gradSlack[t * v + j] = mt == 0 ? 0
            : (Math.abs(g / tau) * row.p()[j] * s + dg / tau * Math.abs(delta - row.p()[j]));
      }
    }
    return new LossOut(logp, loss, kl, ratio, clipped, near, grad, slack, lossSlack, klSlack,
        gradSlack);
  }

  /** Outputs of the group advantage reference. */
  record AdvOut(double[] adv, double[] mean, double[] std, boolean[] zero) {}

  static AdvOut groupAdvantages(float[] rewards, int groups, int g, AdvantageMode mode,
      boolean unbiased, double eps) {
    double[] adv = new double[groups * g];
    double[] mean = new double[groups];
    double[] std = new double[groups];
    boolean[] zero = new boolean[groups];
    for (int b = 0; b < groups; b++) {
      double m = 0;
      boolean allEqual = true;
      for (int i = 0; i < g; i++) {
        m += rewards[b * g + i];
        allEqual &= rewards[b * g + i] == rewards[b * g];
      }
      m /= g;
      double ss = 0;
      for (int i = 0; i < g; i++) {
        double d = rewards[b * g + i] - m;
        ss += d * d;
      }
      double sd = g == 1 ? 0 : Math.sqrt(ss / (unbiased ? g - 1 : g));
      mean[b] = m;
      std[b] = sd;
      zero[b] = allEqual || g == 1;
      for (int i = 0; i < g; i++) {
        double c = g == 1 ? 0 : rewards[b * g + i] - m;
        adv[b * g + i] = mode == AdvantageMode.STD ? c / (sd + eps) : c;
      }
    }
    return new AdvOut(adv, mean, std, zero);
  }
}

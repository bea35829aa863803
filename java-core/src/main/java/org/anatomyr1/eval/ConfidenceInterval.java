// 95% confidence interval of a method's accuracy over seeds and items: a Student-t interval over
// the per-seed means (each seed draws its own data, model init and training, so the spread of the
// seed means carries both item sampling and training noise). Few seeds make it wide on purpose:
// with 2 seeds the multiplier is t(0.975, 1) = 12.706. With one seed only the item spread is left:
// a t-interval over the per-item scores, labelled as such. Scores are accuracies in [0, 1], so the
// interval is clipped to [0, 1] (a t-interval on 2 seeds easily reaches past 100%).
package org.anatomyr1.eval;

import java.util.List;

/**
 * @param mean   mean of the per-seed means (one seed: the item mean)
 * @param low    lower end of the 95% interval (NaN when it cannot be formed)
 * @param high   upper end
 * @param method how it was formed: {@link #OVER_SEEDS} or {@link #OVER_ITEMS}
 * @param n      number of units the interval is over (seeds or items)
 */
public record ConfidenceInterval(double mean, double low, double high, String method, int n) {
  public static final String OVER_SEEDS = "t-interval over per-seed means";
  public static final String OVER_ITEMS = "t-interval over items (one seed: training noise not covered)";

  /** Two-sided 97.5% quantiles of Student's t for df = 1..30 (standard tables, 3-4 decimals). */
  private static final double[] T975 = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622,
      2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687,
      2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

  /**
   * @param perSeedItemScores per seed, the per-item scores (e.g. 0/1 Pass@1, or Avg@k in [0, 1]);
   *                          seeds may have different item counts
   */
  public static ConfidenceInterval of(List<double[]> perSeedItemScores) {
    if (perSeedItemScores.isEmpty()) throw new IllegalArgumentException("confidence interval: no seeds");
    for (double[] s : perSeedItemScores) {
      if (s.length == 0) throw new IllegalArgumentException("confidence interval: a seed without items");
      for (double v : s) {
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("confidence interval: score " + v + " outside [0, 1]");
      }
    }
    ConfidenceInterval ci = perSeedItemScores.size() == 1 ? tInterval(perSeedItemScores.get(0), OVER_ITEMS)
        : tInterval(perSeedItemScores.stream().mapToDouble(ConfidenceInterval::mean).toArray(), OVER_SEEDS);
    if (Double.isNaN(ci.low())) return ci;
    return new ConfidenceInterval(ci.mean(), Math.max(0, ci.low()), Math.min(1, ci.high()), ci.method(), ci.n());
  }

  /** mean +- t(0.975, n-1) * sd / sqrt(n); NaN ends for n = 1. */
  static ConfidenceInterval tInterval(double[] x, String method) {
    double m = mean(x);
    if (x.length < 2) return new ConfidenceInterval(m, Double.NaN, Double.NaN, method, x.length);
    double ss = 0;
    for (double v : x) ss += (v - m) * (v - m);
    double half = tQuantile975(x.length - 1) * Math.sqrt(ss / (x.length - 1)) / Math.sqrt(x.length);
    return new ConfidenceInterval(m, m - half, m + half, method, x.length);
  }

  /**
   * t(0.975, df): the table up to 30, beyond it the Cornish-Fisher expansion of t in powers of
   * 1/df around z = 1.959964 (error below 1e-4 for df > 30).
   */
  public static double tQuantile975(int df) {
    if (df < 1) throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
    if (df <= T975.length) return T975[df - 1];
    double z = 1.959963984540054;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    double z7 = z5 * z * z;
    return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * df * df * df);
  }

  public boolean contains(double v) {
    return v >= low && v <= high;
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) s += v;
    return s / x.length;
  }
}

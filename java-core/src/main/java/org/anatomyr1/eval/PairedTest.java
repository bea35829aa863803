// Paired comparison of two methods scored 0/1 on the same (seed, item) units: the exact McNemar
// test, i.e. a two-sided binomial sign test on the discordant pairs (b = only A right, c = only B
// right; under H0 each discordant pair goes either way with probability 1/2). Exact, so valid for
// the few discordant pairs a small test split gives. Units are treated as independent: items that
// share a trained model (one seed) are not, so the p-value is conditional on the trained models.
package org.anatomyr1.eval;

/**
 * @param n      paired units
 * @param onlyA  discordant pairs where only A is right (b)
 * @param onlyB  discordant pairs where only B is right (c)
 * @param meanDifference mean of A - B over the units (in [-1, 1])
 * @param pValue two-sided exact p-value in [0, 1] (1 when there are no discordant pairs)
 */
public record PairedTest(int n, int onlyA, int onlyB, double meanDifference, double pValue) {
  public static final String METHOD = "exact McNemar (two-sided binomial test on discordant pairs)";

  /** a[i], b[i] in {0, 1}: the two methods' scores on unit i. */
  public static PairedTest mcnemar(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired test: " + a.length + " vs " + b.length + " units (must be the same items)");
    }
    if (a.length == 0) throw new IllegalArgumentException("paired test: no units");
    int onlyA = 0;
    int onlyB = 0;
    for (int i = 0; i < a.length; i++) {
      if (!binary(a[i]) || !binary(b[i])) {
        throw new IllegalArgumentException("paired test: unit " + i + " scores " + a[i] + ", " + b[i] + " are not 0/1");
      }
      if (a[i] > b[i]) onlyA++;
      if (b[i] > a[i]) onlyB++;
    }
    return new PairedTest(a.length, onlyA, onlyB, (double) (onlyA - onlyB) / a.length, twoSidedSignP(onlyA, onlyB));
  }

  /** min(1, 2 * P(X <= min(b, c))) with X ~ Binomial(b + c, 1/2); 1 when b + c = 0. */
  static double twoSidedSignP(int b, int c) {
    int m = b + c;
    if (m == 0) return 1.0;
    int k = Math.min(b, c);
    // P(X <= k) = sum_{i<=k} C(m, i) / 2^m, summed in log space so that m in the thousands stays finite
    double tail = 0;
    for (int i = 0; i <= k; i++) tail += Math.exp(logChoose(m, i) - m * Math.log(2));
    return Math.min(1.0, 2 * tail);
  }

  static double logChoose(int m, int i) {
    double s = 0;
    for (int j = 1; j <= i; j++) s += Math.log(m - i + j) - Math.log(j);
    return s;
  }

  private static boolean binary(double v) {
    return v == 0.0 || v == 1.0;
  }
}

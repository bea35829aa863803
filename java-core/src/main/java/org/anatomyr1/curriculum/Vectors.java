// Small vector helpers for embeddings: L2 normalisation and cosine similarity (in double).
package org.anatomyr1.curriculum;

public final class Vectors {
  private Vectors() {}

  /** Cosine of two equal-length vectors in [-1, 1]; 0 when either is all zeros. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) throw new IllegalArgumentException("dimensions differ: " + a.length + " vs " + b.length);
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) return 0;
    return Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb))); // clamp rounding just past +-1
  }

  /** In-place L2 normalisation; returns its argument. */
  public static float[] normalise(float[] v) {
    double n = 0;
    for (float x : v) n += (double) x * x;
    if (n == 0) return v;
    float inv = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < v.length; i++) v[i] *= inv;
    return v;
  }
}

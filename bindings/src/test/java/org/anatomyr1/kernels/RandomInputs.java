// Seeded random kernel inputs with the hard cases of kernels.md: outliers (x20), +-1e4 entries,
// -inf entries, row padding filled with NaN (a kernel reading it would produce NaN).
package org.anatomyr1.kernels;

import java.util.Random;

final class RandomInputs {
  private RandomInputs() {}

  /** Logits [n, stride] (v used per row) and targets [n]; row kinds cycle by row index. */
  record LogitsCase(float[] logits, long[] targets, int n, int v, int stride) {}

  static LogitsCase logits(Random rnd, int n, int v, int stride, boolean hard) {
    float[] x = new float[n * stride];
    long[] targets = new long[n];
    for (int r = 0; r < n; r++) {
      int kind = hard ? r % 5 : 0;
      int base = r * stride;
      for (int j = 0; j < v; j++) {
        float z = (float) (rnd.nextGaussian() * 2.0);
        switch (kind) {
          case 1 -> z = rnd.nextInt(50) == 0 ? z * 20f : z;
          case 2 -> z = rnd.nextInt(8) == 0 ? (rnd.nextBoolean() ? 1e4f : -1e4f) : z;
          case 3 -> z = rnd.nextInt(4) == 0 ? Float.NEGATIVE_INFINITY : z;
          case 4 -> z = z * 0.1f;
          default -> { }
        }
        x[base + j] = z;
      }
      for (int j = v; j < stride; j++) {
        x[base + j] = Float.NaN; // padding: must never be read
      }
      int t = rnd.nextInt(v);
      if (Float.isInfinite(x[base + t])) {
        x[base + t] = (float) rnd.nextGaussian();
      }
      if (kind == 2 && v > 1 && rnd.nextBoolean()) {
        x[base + t] = 1e4f; // target at the extreme: logp ~ 0 computed from large numbers
      }
      targets[r] = t;
    }
    return new LogitsCase(x, targets, n, v, stride);
  }

  /** The logits rounded to bf16 (as the kernel sees them) and their raw bits. */
  static short[] toBf16(float[] x) {
    short[] h = new short[x.length];
    for (int i = 0; i < x.length; i++) {
      h[i] = Bf16.fromFloat(x[i]);
      x[i] = Bf16.toFloat(h[i]);
    }
    return h;
  }

  static float[] normals(Random rnd, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextGaussian() * scale);
    }
    return a;
  }

  /** Advantages of both signs, some exactly 0. */
  static float[] advantages(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = i % 7 == 3 ? 0f : (float) (rnd.nextGaussian() * 1.5);
    }
    return a;
  }

  /** A 0/1 mask with roughly a quarter of the rows masked. */
  static float[] mask(Random rnd, int n) {
    float[] m = new float[n];
    for (int i = 0; i < n; i++) {
      m[i] = rnd.nextInt(4) == 0 ? 0f : 1f;
    }
    return m;
  }
}

// Image noise: Philox known answers, CPU twin == Java Philox/Box-Muller reference (f32 and u8,
// sigma and NoisyRollout modes, offsets), noise statistics and independence across seeds.
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageNoiseTest {

  @Test
  void philoxKnownAnswers() {
    // Random123 kat_vectors, philox4x32 10 rounds: counter (4 words), key (2 words) -> output
    assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        ReferenceNoise.philox(0, 0, 0, 0, 0, 0));
    assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        ReferenceNoise.philox(-1, -1, -1, -1, -1, -1));
    assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
        ReferenceNoise.philox(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
  }

  private static float[] noise(float[] src, NoiseConfig cfg, long seed, long offset) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = Buffers.floats(arena, src);
      MemorySegment d = Buffers.floatOut(arena, src.length);
      KernelOps.cpu().imageNoise(s, d, DType.F32, src.length, cfg, seed, offset);
      return Buffers.toFloats(d);
    }
  }

  private static void matchReference(NoiseConfig cfg, long seed, long offset, int count) {
    Random rnd = new Random(seed);
    float[] x = new float[count];
    for (int i = 0; i < count; i++) {
      x[i] = rnd.nextFloat();
    }
    float[] y = noise(x, cfg, seed, offset);
    double[] ref = new double[count];
    for (int i = 0; i < count; i++) {
      ref[i] = ReferenceNoise.noisy(x[i], cfg, seed, offset + i);
    }
    Tolerances.assertClose("noise " + cfg + " offset " + offset, seed, y, ref, 0, Tolerances.NOISE_ATOL);
  }

  @Test
  void cpuEqualsJavaPhiloxReference() {
    matchReference(new NoiseConfig(0.3f, -1, false), 12345L, 0, 1003);
    matchReference(NoiseConfig.sigma(0.1f), 0xDEADBEEFCAFEL, 7, 999);
    matchReference(new NoiseConfig(0.05f, -1, false), -1L, 0xFFFFFFFFL * 4 - 6, 64); // counter carries into hi32
    matchReference(NoiseConfig.noisyRolloutStep(0), 5L, 3, 101);
    matchReference(NoiseConfig.noisyRolloutStep(450).withClamp(false), 6L, 0, 257);
    matchReference(NoiseConfig.noisyRolloutStep(5000), 7L, 1, 33); // capped at 999
  }

  @Test
  void tilingByOffsetEqualsOneCall() {
    Random rnd = new Random(99);
    float[] x = new float[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextFloat();
    }
    NoiseConfig cfg = NoiseConfig.sigma(0.2f);
    float[] whole = noise(x, cfg, 99, 0);
    float[] a = noise(Arrays.copyOfRange(x, 0, 333), cfg, 99, 0);
    float[] b = noise(Arrays.copyOfRange(x, 333, 1000), cfg, 99, 333);
    assertArrayEquals(Arrays.copyOfRange(whole, 0, 333), a, "seed 99");
    assertArrayEquals(Arrays.copyOfRange(whole, 333, 1000), b, "seed 99");
  }

  @Test
  void uint8ImagesQuantiseTheReference() {
    long seed = 2024;
    Random rnd = new Random(seed);
    int n = 4099;
    byte[] px = new byte[n];
    rnd.nextBytes(px);
    NoiseConfig cfg = new NoiseConfig(0.08f, -1, false); // u8 output is clamped anyway
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = Buffers.bytes(arena, px);
      KernelOps.cpu().imageNoise(s, s, DType.U8, n, cfg, seed, 11); // in place
      byte[] out = Buffers.toBytes(s);
      for (int i = 0; i < n; i++) {
        double y = ReferenceNoise.noisy((px[i] & 0xFF) / 255.0, cfg, seed, 11 + i);
        double q = Math.min(1, Math.max(0, y)) * 255 + 0.5;
        int expected = (int) Math.floor(q);
        int got = out[i] & 0xFF;
        boolean onRoundingEdge = Math.abs(q - Math.rint(q)) < 1e-3;
        assertTrue(got == expected || (onRoundingEdge && Math.abs(got - expected) <= 1),
            "pixel " + i + ": got " + got + " expected " + expected + " (seed " + seed + ")");
      }
    }
  }

  @Test
  void statisticsOfFlatImage() {
    long seed = 777;
    int n = 1 << 20;
    float sigma = 0.1f;
    float[] flat = new float[n];
    Arrays.fill(flat, 0.5f);
    NoiseConfig cfg = new NoiseConfig(sigma, -1, false);
    float[] a = noise(flat, cfg, seed, 0);
    float[] b = noise(flat, cfg, seed + 1, 0);
    double mean = 0;
    double var = 0;
    double cov = 0;
    for (int i = 0; i < n; i++) {
      double ea = (a[i] - 0.5) / sigma;
      double eb = (b[i] - 0.5) / sigma;
      mean += ea;
      var += ea * ea;
      cov += ea * eb;
    }
    mean /= n;
    var = var / n - mean * mean;
    double corr = cov / n;
    double se = 1 / Math.sqrt(n); // standard error of a mean / correlation of n unit normals
    assertEquals(0, mean, 5 * se, "mean of e, seed " + seed);
    assertEquals(1, var, 5 * Math.sqrt(2.0 / n), "variance of e, seed " + seed);
    assertEquals(0, corr, 5 * se, "correlation between seeds " + seed + " and " + (seed + 1));
    // NoisyRollout step mode: y - sqrt(abar) x has std sqrt(1 - abar)
    int t = 300;
    double abar = ReferenceNoise.alphaBar(t);
    float[] c = noise(flat, NoiseConfig.noisyRolloutStep(t).withClamp(false), seed, 0);
    double s2 = 0;
    double m = 0;
    for (int i = 0; i < n; i++) {
      double e = (c[i] - Math.sqrt(abar) * 0.5) / Math.sqrt(1 - abar);
      m += e;
      s2 += e * e;
    }
    assertEquals(0, m / n, 5 * se, "NoisyRollout mean, seed " + seed);
    assertEquals(1, s2 / n, 5 * Math.sqrt(2.0 / n) + 1e-3, "NoisyRollout variance, seed " + seed);
  }
}

// Pillow's BICUBIC resize of 8-bit images (libImaging/Resample.c, Pillow 9.x): cubic kernel with
// a = -0.5 whose support widens by the scale when downscaling (antialias), coefficients normalised
// then quantised to 22-bit fixed point, horizontal pass first into uint8, then vertical pass, each
// rounded (+0.5 in fixed point) and clipped to [0, 255]. Bit-exact with PIL.Image.resize.
package org.anatomyr1.image;

public final class PillowBicubicResize {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double SUPPORT = 2.0;
  private static final double A = -0.5;

  private PillowBicubicResize() {}

  /**
   * Resizes an interleaved uint8 image ({@code src} is [h][w][channels] row-major) to
   * outH x outW. Returns a new array; an unchanged size returns a copy, as PIL does.
   */
  public static byte[] resize(byte[] src, int height, int width, int channels, int outH, int outW) {
    if (height <= 0 || width <= 0 || outH <= 0 || outW <= 0 || channels <= 0) {
      throw new IllegalArgumentException("cannot resize " + height + "x" + width + " to " + outH + "x" + outW);
    }
    if ((long) height * width * channels != src.length) {
      throw new IllegalArgumentException("pixel buffer of " + src.length + " bytes does not match " + height + "x"
          + width + "x" + channels);
    }
    if (outH == height && outW == width) return src.clone();
    byte[] cur = src;
    int curW = width;
    if (outW != width) {
      cur = horizontal(cur, height, width, channels, outW);
      curW = outW;
    }
    if (outH != height) cur = vertical(cur, height, curW, channels, outH);
    return cur;
  }

  static double filter(double x) {
    if (x < 0) x = -x;
    if (x < 1.0) return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * A;
    return 0.0;
  }

  /** Fixed-point taps for each output index: bounds[2i] = first input, bounds[2i+1] = count. */
  record Coefficients(int ksize, int[] bounds, int[] kk) {}

  static Coefficients coefficients(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterscale = Math.max(scale, 1.0);
    double support = SUPPORT * filterscale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] kk = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ww = 0.0;
      double ss = 1.0 / filterscale;
      int xmin = (int) (center - support + 0.5); // C truncation toward zero, then clamped
      if (xmin < 0) xmin = 0;
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) xmax = inSize;
      xmax -= xmin;
      for (int x = 0; x < xmax; x++) {
        double w = filter((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < ksize; x++) {
        double v = x < xmax ? (ww != 0.0 ? k[x] / ww : k[x]) : 0.0;
        // normalize_coeffs_8bpc: round half away from zero into 22-bit fixed point
        kk[xx * ksize + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return new Coefficients(ksize, bounds, kk);
  }

  private static int clip8(int in) {
    int v = in >> PRECISION_BITS; // arithmetic shift, as in C on int32
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static byte[] horizontal(byte[] src, int h, int w, int c, int outW) {
    Coefficients co = coefficients(w, outW);
    byte[] out = new byte[h * outW * c];
    int[] ss = new int[c];
    for (int y = 0; y < h; y++) {
      int rowIn = y * w * c;
      for (int xx = 0; xx < outW; xx++) {
        int xmin = co.bounds[xx * 2];
        int xmax = co.bounds[xx * 2 + 1];
        int kOff = xx * co.ksize;
        java.util.Arrays.fill(ss, 1 << (PRECISION_BITS - 1));
        for (int x = 0; x < xmax; x++) {
          int kv = co.kk[kOff + x];
          int p = rowIn + (x + xmin) * c;
          for (int ch = 0; ch < c; ch++) ss[ch] += (src[p + ch] & 0xff) * kv; // int32 wrap as in C
        }
        int o = (y * outW + xx) * c;
        for (int ch = 0; ch < c; ch++) out[o + ch] = (byte) clip8(ss[ch]);
      }
    }
    return out;
  }

  private static byte[] vertical(byte[] src, int h, int w, int c, int outH) {
    Coefficients co = coefficients(h, outH);
    byte[] out = new byte[outH * w * c];
    for (int yy = 0; yy < outH; yy++) {
      int ymin = co.bounds[yy * 2];
      int ymax = co.bounds[yy * 2 + 1];
      int kOff = yy * co.ksize;
      for (int xx = 0; xx < w; xx++) {
        for (int ch = 0; ch < c; ch++) {
          int ss = 1 << (PRECISION_BITS - 1);
          for (int y = 0; y < ymax; y++) {
            ss += (src[((y + ymin) * w + xx) * c + ch] & 0xff) * co.kk[kOff + y];
          }
          out[(yy * w + xx) * c + ch] = (byte) clip8(ss);
        }
      }
    }
    return out;
  }
}

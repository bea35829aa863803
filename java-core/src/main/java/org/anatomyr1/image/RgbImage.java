// An 8-bit RGB image in memory, row-major interleaved [H, W, 3]: what decoding produces and what
// the GDQA visual transforms and the image processor consume.
package org.anatomyr1.image;

import java.util.Arrays;

public final class RgbImage {
  private final int height;
  private final int width;
  private final byte[] rgb; // [H, W, 3], unsigned bytes

  public RgbImage(int height, int width, byte[] rgb) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
    }
    if (rgb.length != (long) height * width * 3) {
      throw new IllegalArgumentException("rgb buffer has " + rgb.length + " bytes, expected "
          + height + "*" + width + "*3");
    }
    this.height = height;
    this.width = width;
    this.rgb = rgb;
  }

  public static RgbImage blank(int height, int width) {
    return new RgbImage(height, width, new byte[height * width * 3]);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** The backing array [H, W, 3] (not a copy: transforms write into fresh images). */
  public byte[] data() {
    return rgb;
  }

  /** Channel value 0..255 at (y, x, c). */
  public int get(int y, int x, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }

  public void set(int y, int x, int r, int g, int b) {
    int o = (y * width + x) * 3;
    rgb[o] = (byte) clamp(r);
    rgb[o + 1] = (byte) clamp(g);
    rgb[o + 2] = (byte) clamp(b);
  }

  public RgbImage copy() {
    return new RgbImage(height, width, rgb.clone());
  }

  /** [H, W, 3] floats in [0, 1] (value / 255). */
  public float[] toFloats() {
    float[] out = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) out[i] = (rgb[i] & 0xFF) / 255f;
    return out;
  }

  /** From [H, W, 3] floats in [0, 1]: round half up after clamping (same rule as the u8 kernel). */
  public static RgbImage fromFloats(int height, int width, float[] values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      float v = Math.min(1f, Math.max(0f, values[i]));
      b[i] = (byte) (int) Math.floor(v * 255f + 0.5f);
    }
    return new RgbImage(height, width, b);
  }

  static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage r && r.height == height && r.width == width && Arrays.equals(r.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + height + "x" + width + "]";
  }
}

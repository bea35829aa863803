// The decoded-size cap of input images (key image.max_pixels): the width and height an image file
// declares are read from its header and checked BEFORE decoding, so a tiny file that declares
// 20000x20000 fails at once instead of allocating gigabytes.
package org.anatomyr1.image;

public final class ImageLimits {
  /** About 64 Mpx (8000 x 8000): far above any VQA image, far below what would exhaust memory. */
  public static final long DEFAULT_MAX_PIXELS = 64_000_000L;

  private ImageLimits() {}

  /** Parses a config value; blank means the default. */
  public static long parseMaxPixels(String value) {
    if (value == null || value.isBlank()) return DEFAULT_MAX_PIXELS;
    try {
      long v = Long.parseLong(value.strip());
      if (v >= 1) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("config key 'image.max_pixels' = '" + value + "': must be an integer >= 1");
  }

  /** Throws when the header of {@code bytes} declares more than {@code maxPixels} pixels (or a zero side). */
  public static void check(byte[] bytes, long maxPixels, String what) {
    long[] wh;
    try {
      wh = ImageHeader.declaredSize(bytes);
    } catch (ImageDecodeException e) {
      throw new ImageDecodeException(what + ": " + e.getMessage());
    }
    if (wh == null) return; // a format whose header we do not read: OpenCV's own limit applies
    if (wh[0] <= 0 || wh[1] <= 0) {
      throw new ImageDecodeException(what + ": header declares an empty image (" + wh[0] + "x" + wh[1] + ")");
    }
    if (wh[0] * wh[1] > maxPixels) {
      throw new ImageDecodeException(what + ": header declares " + wh[0] + "x" + wh[1] + " = " + wh[0] * wh[1]
          + " pixels, above image.max_pixels = " + maxPixels + " (not decoded)");
    }
  }
}

// transformers' Qwen2-VL `smart_resize` (image_processing_qwen2_vl.py): the target size is the
// nearest multiple of `factor` (= patch * merge = 28) per side, rescaled to keep the pixel count
// within [minPixels, maxPixels]. Double arithmetic and Python's round-half-to-even, as the source.
package org.anatomyr1.image;

public final class SmartResize {
  /** Python rejects aspect ratios above this. */
  public static final double MAX_ASPECT_RATIO = 200;

  private SmartResize() {}

  /** Returns {height, width} of the resized image; both multiples of {@code factor}. */
  public static int[] targetSize(int height, int width, int factor, long minPixels, long maxPixels) {
    if (height < factor || width < factor) {
      throw new IllegalArgumentException("image of " + height + "x" + width + " is smaller than the " + factor
          + "-pixel patch factor in at least one side");
    }
    if ((double) Math.max(height, width) / Math.min(height, width) > MAX_ASPECT_RATIO) {
      throw new IllegalArgumentException("image of " + height + "x" + width + " has an aspect ratio above "
          + (int) MAX_ASPECT_RATIO);
    }
    long hBar = (long) Math.rint((double) height / factor) * factor;
    long wBar = (long) Math.rint((double) width / factor) * factor;
    if (hBar * wBar > maxPixels) {
      double beta = Math.sqrt(((double) height * width) / maxPixels);
      hBar = (long) Math.floor(height / beta / factor) * factor;
      wBar = (long) Math.floor(width / beta / factor) * factor;
    } else if (hBar * wBar < minPixels) {
      double beta = Math.sqrt(minPixels / ((double) height * width));
      hBar = (long) Math.ceil(height * beta / factor) * factor;
      wBar = (long) Math.ceil(width * beta / factor) * factor;
    }
    if (hBar <= 0 || wBar <= 0) {
      throw new IllegalArgumentException("image of " + height + "x" + width + " cannot be resized within max_pixels "
          + maxPixels + " at factor " + factor);
    }
    return new int[] {Math.toIntExact(hBar), Math.toIntExact(wBar)};
  }
}

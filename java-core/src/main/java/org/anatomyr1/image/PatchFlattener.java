// The Qwen2-VL patch layout (image_processing_qwen2_vl.py `_preprocess` reshape/transpose): frames
// [T][C][H][W] become rows of C*tp*p*p values, one row per patch, rows grouped by 2x2 merge block.
// row = ((gt*(gh/m) + bh)*(gw/m) + bw)*m*m + mh*m + mw ; col = c*tp*p*p + tt*p*p + py*p + px.
package org.anatomyr1.image;

public final class PatchFlattener {
  private PatchFlattener() {}

  /**
   * Flattens one still image given as a normalized CHW float array ([channels][height][width]);
   * the frame is repeated to fill the temporal patch (a still image is a clip of tp equal frames).
   * Returns rows*cols values, rows = (h/p)*(w/p), cols = channels*tp*p*p.
   */
  public static float[] flattenStill(float[] chw, int channels, int height, int width, int patch, int temporalPatch,
      int merge) {
    int unit = patch * merge;
    if (height % unit != 0 || width % unit != 0) {
      throw new IllegalArgumentException("image " + height + "x" + width + " is not a multiple of patch*merge = " + unit);
    }
    if ((long) channels * height * width != chw.length) {
      throw new IllegalArgumentException("buffer of " + chw.length + " values does not match " + channels + "x" + height
          + "x" + width);
    }
    int gh = height / patch;
    int gw = width / patch;
    int pp = patch * patch;
    int cols = channels * temporalPatch * pp;
    float[] out = new float[gh * gw * cols];
    int row = 0;
    for (int bh = 0; bh < gh / merge; bh++) {
      for (int bw = 0; bw < gw / merge; bw++) {
        for (int mh = 0; mh < merge; mh++) {
          for (int mw = 0; mw < merge; mw++, row++) {
            int y0 = (bh * merge + mh) * patch;
            int x0 = (bw * merge + mw) * patch;
            int base = row * cols;
            for (int c = 0; c < channels; c++) {
              for (int tt = 0; tt < temporalPatch; tt++) { // every frame is the same still image
                int colBase = base + c * temporalPatch * pp + tt * pp;
                for (int py = 0; py < patch; py++) {
                  System.arraycopy(chw, (c * height + y0 + py) * width + x0, out, colBase + py * patch, patch);
                }
              }
            }
          }
        }
      }
    }
    return out;
  }
}

// One prompt row as the model reads it, before padding: its token ids (chat template with the
// image pads expanded) and its image's pixel rows. Built once per rollout; any subset of rows
// becomes a left-padded model batch again without re-rendering text or re-processing images.
package org.anatomyr1.rollout;

import java.util.Arrays;
import java.util.List;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.torchinterop.HostTensors;

/**
 * @param ids [T_row] prompt token ids, unpadded
 * @param pixels [P_row * cols] pixel_values rows of the row's image
 * @param cols pixel_values columns (C * temporal patch * patch * patch)
 * @param grid {t, h, w} image_grid_thw of the row's image
 */
public record EncodedPrompt(long[] ids, float[] pixels, int cols, long[] grid) {

  /** The left-padded batch of {@code rows} (pixel rows concatenated in row order), as VisualChat builds it. */
  public static Qwen25VlModel.Batch batch(List<EncodedPrompt> rows, long padId) {
    int max = 0;
    int pixelRows = 0;
    for (EncodedPrompt r : rows) {
      max = Math.max(max, r.ids.length);
      pixelRows += r.pixels.length / r.cols;
    }
    long[][] ids = new long[rows.size()][max];
    long[][] mask = new long[rows.size()][max];
    long[][] grids = new long[rows.size()][];
    int cols = rows.isEmpty() ? 0 : rows.get(0).cols;
    float[] pixels = new float[pixelRows * cols];
    int off = 0;
    for (int i = 0; i < rows.size(); i++) {
      EncodedPrompt r = rows.get(i);
      int pad = max - r.ids.length;
      Arrays.fill(ids[i], 0, pad, padId);
      System.arraycopy(r.ids, 0, ids[i], pad, r.ids.length);
      Arrays.fill(mask[i], pad, max, 1);
      System.arraycopy(r.pixels, 0, pixels, off, r.pixels.length);
      off += r.pixels.length;
      grids[i] = r.grid;
    }
    return new Qwen25VlModel.Batch(ids, mask, HostTensors.floats(pixels, pixelRows, cols), grids);
  }
}

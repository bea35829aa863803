// Index bookkeeping of the Qwen2.5-VL vision tower for a batch of image grids (transformers
// Qwen2_5_VisionTransformerPretrainedModel.rot_pos_emb / get_window_index, spec §4.2-4.5): per-patch
// (row, col) rotary positions, the window permutation of merged tokens, and the attention segments.
package org.anatomyr1.model.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class VisionGeometry {
  /** Merged-token permutation into window order (a permutation of 0..N/unit-1). */
  public final int[] windowIndex;
  /** Window segment boundaries in patches, over the window-ordered sequence; empty windows dropped. */
  public final int[] cuWindowSeqlens;
  /** Per-(image, frame) segment boundaries in patches (full attention). */
  public final int[] cuSeqlens;
  /** Row / column patch position of each patch, in the original (pixel_values) patch order. */
  public final int[] rowPos;
  public final int[] colPos;
  /** Largest grid side: the rotary table needs positions 0..maxGrid-1. */
  public final int maxGrid;
  public final int numPatches;

  private VisionGeometry(int[] windowIndex, int[] cuWindowSeqlens, int[] cuSeqlens, int[] rowPos, int[] colPos,
      int maxGrid) {
    this.windowIndex = windowIndex;
    this.cuWindowSeqlens = cuWindowSeqlens;
    this.cuSeqlens = cuSeqlens;
    this.rowPos = rowPos;
    this.colPos = colPos;
    this.maxGrid = maxGrid;
    this.numPatches = rowPos.length;
  }

  /**
   * @param grids one {t, h, w} (in patches) per image
   * @param merge spatial merge size (2)
   * @param windowMerged window side in merged tokens (window_size / merge / patch)
   */
  public static VisionGeometry of(long[][] grids, int merge, int windowMerged) {
    int unit = merge * merge;
    int total = 0;
    int maxGrid = 0;
    for (long[] g : grids) {
      if (g.length != 3 || g[0] <= 0 || g[1] <= 0 || g[2] <= 0 || g[1] % merge != 0 || g[2] % merge != 0) {
        throw new IllegalArgumentException("image grid " + Arrays.toString(g) + " must be 3 positive values with h and w"
            + " divisible by the merge size " + merge);
      }
      total = Math.addExact(total, Math.toIntExact(g[0] * g[1] * g[2]));
      maxGrid = (int) Math.max(maxGrid, Math.max(g[1], g[2]));
    }
    int[] rowPos = new int[total];
    int[] colPos = new int[total];
    int[] windowIndex = new int[total / unit];
    List<Integer> cuWindow = new ArrayList<>();
    cuWindow.add(0);
    int[] cuSeqlens;
    List<Integer> cuFull = new ArrayList<>();
    cuFull.add(0);
    int p = 0;
    int wi = 0;
    int base = 0; // merged tokens of earlier images
    for (long[] g : grids) {
      int t = (int) g[0], h = (int) g[1], w = (int) g[2];
      // rotary positions: (h/m, m, w/m, m) -> (h/m, w/m, m, m), repeated for every frame
      for (int tt = 0; tt < t; tt++) {
        for (int bh = 0; bh < h / merge; bh++) {
          for (int bw = 0; bw < w / merge; bw++) {
            for (int mh = 0; mh < merge; mh++) {
              for (int mw = 0; mw < merge; mw++, p++) {
                rowPos[p] = bh * merge + mh;
                colPos[p] = bw * merge + mw;
              }
            }
          }
        }
        cuFull.add(cuFull.get(cuFull.size() - 1) + h * w);
      }
      // windows of windowMerged x windowMerged merged tokens; the reference pads by a full window
      // when the side is divisible, which only creates empty windows (dropped below)
      int lh = h / merge, lw = w / merge;
      int padH = windowMerged - lh % windowMerged;
      int padW = windowMerged - lw % windowMerged;
      int nWh = (lh + padH) / windowMerged;
      int nWw = (lw + padW) / windowMerged;
      for (int tt = 0; tt < t; tt++) {
        for (int wy = 0; wy < nWh; wy++) {
          for (int wx = 0; wx < nWw; wx++) {
            int count = 0;
            for (int y = wy * windowMerged; y < (wy + 1) * windowMerged; y++) {
              for (int x = wx * windowMerged; x < (wx + 1) * windowMerged; x++) {
                if (y < lh && x < lw) {
                  windowIndex[wi++] = base + (tt * lh + y) * lw + x;
                  count++;
                }
              }
            }
            int last = cuWindow.get(cuWindow.size() - 1);
            if (count > 0) cuWindow.add(last + count * unit); // unique_consecutive drops empty windows
          }
        }
      }
      base += t * lh * lw;
    }
    cuSeqlens = cuFull.stream().mapToInt(Integer::intValue).toArray();
    return new VisionGeometry(windowIndex, cuWindow.stream().mapToInt(Integer::intValue).toArray(), cuSeqlens, rowPos,
        colPos, maxGrid);
  }

  /** Patch order after the window permutation: whole merge units move together. */
  public int[] windowPatchOrder(int unit) {
    int[] order = new int[numPatches];
    for (int i = 0; i < windowIndex.length; i++) {
      for (int j = 0; j < unit; j++) order[i * unit + j] = windowIndex[i] * unit + j;
    }
    return order;
  }

  /** argsort(windowIndex): puts merged tokens back into raster order. */
  public int[] inverseWindowIndex() {
    int[] inv = new int[windowIndex.length];
    for (int i = 0; i < windowIndex.length; i++) inv[windowIndex[i]] = i;
    return inv;
  }
}

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
    int total = checkedPatchCount(grids, merge);
    int[] rowPos = new int[total];
    int[] colPos = new int[total];
    int maxGrid = 0;
    int p = 0;
    for (long[] g : grids) {
      p = addRotaryPositions((int) g[0], (int) g[1], (int) g[2], merge, rowPos, colPos, p);
      maxGrid = (int) Math.max(maxGrid, Math.max(g[1], g[2]));
    }
    Windows windows = new Windows(total / (merge * merge), merge * merge, windowMerged);
    for (long[] g : grids) windows.addImage((int) g[0], (int) g[1] / merge, (int) g[2] / merge);
    return new VisionGeometry(windows.index, windows.boundaries(), frameBoundaries(grids), rowPos, colPos, maxGrid);
  }

  /** Patches of all images; fails unless every grid is 3 positive values with h, w divisible by merge. */
  private static int checkedPatchCount(long[][] grids, int merge) {
    int total = 0;
    for (long[] g : grids) {
      if (g.length != 3 || g[0] <= 0 || g[1] <= 0 || g[2] <= 0 || g[1] % merge != 0 || g[2] % merge != 0) {
        throw new IllegalArgumentException("image grid " + Arrays.toString(g) + " must be 3 positive values with h and w"
            + " divisible by the merge size " + merge);
      }
      total = Math.addExact(total, Math.toIntExact(g[0] * g[1] * g[2]));
    }
    return total;
  }

  /** Rotary (row, col) of one image's patches from index p on; returns the index after them. */
  private static int addRotaryPositions(int t, int h, int w, int merge, int[] rowPos, int[] colPos, int p) {
    // (h/m, m, w/m, m) -> (h/m, w/m, m, m), repeated for every frame
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
    }
    return p;
  }

  /** Full-attention segments: one per (image, frame) of h * w patches. */
  private static int[] frameBoundaries(long[][] grids) {
    List<Integer> cu = new ArrayList<>();
    cu.add(0);
    for (long[] g : grids) {
      for (int tt = 0; tt < g[0]; tt++) cu.add(cu.get(cu.size() - 1) + (int) (g[1] * g[2]));
    }
    return cu.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The window permutation of merged tokens, built image after image, with its segment boundaries. */
  private static final class Windows {
    final int[] index; // merged-token permutation into window order
    private final int unit; // patches per merged token
    private final int side; // window side in merged tokens
    private final List<Integer> cu = new ArrayList<>(List.of(0)); // boundaries in patches
    private int filled;
    private int base; // merged tokens of earlier images

    Windows(int mergedTokens, int unit, int side) {
      this.index = new int[mergedTokens];
      this.unit = unit;
      this.side = side;
    }

    /** One image of t frames, lh x lw merged tokens per frame. */
    void addImage(int t, int lh, int lw) {
      // the reference pads by a full window when the side is divisible, which only creates empty
      // windows (dropped in addWindow)
      int nWh = (lh + side - lh % side) / side;
      int nWw = (lw + side - lw % side) / side;
      for (int tt = 0; tt < t; tt++) {
        for (int wy = 0; wy < nWh; wy++) {
          for (int wx = 0; wx < nWw; wx++) addWindow(tt, wy, wx, lh, lw);
        }
      }
      base += t * lh * lw;
    }

    private void addWindow(int tt, int wy, int wx, int lh, int lw) {
      int count = 0;
      for (int y = wy * side; y < (wy + 1) * side; y++) {
        for (int x = wx * side; x < (wx + 1) * side; x++) {
          if (y < lh && x < lw) {
            index[filled++] = base + (tt * lh + y) * lw + x;
            count++;
          }
        }
      }
      if (count > 0) cu.add(cu.get(cu.size() - 1) + count * unit); // unique_consecutive drops empty windows
    }

    int[] boundaries() {
      return cu.stream().mapToInt(Integer::intValue).toArray();
    }
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

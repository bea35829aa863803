// Multimodal rotary position ids of a prompt batch (transformers Qwen2_5_VLModel.get_rope_index,
// images only, spec §5.2): text runs count up on all three axes, an image block gets (t, row, col)
// offsets from the position after the preceding text; padding positions hold 1.
package org.anatomyr1.model.text;

import java.util.Arrays;

public final class RopeIndex {
  /** [3][B][T] (axes temporal, height, width). */
  public final long[][][] positions;
  /** [B]: max(position) + 1 - T, T being the padded length; decode positions are cache_len + delta. */
  public final long[] ropeDeltas;

  private RopeIndex(long[][][] positions, long[] ropeDeltas) {
    this.positions = positions;
    this.ropeDeltas = ropeDeltas;
  }

  /**
   * @param inputIds [B][T] token ids, left- (or right-) padded
   * @param attentionMask [B][T] 1 for real tokens, 0 for padding
   * @param grids {t, h, w} per image in order of appearance across the batch (sample 0 first); may be empty
   */
  public static RopeIndex compute(long[][] inputIds, long[][] attentionMask, long[][] grids, int mergeSize,
      long imageTokenId, long visionStartTokenId) {
    int b = inputIds.length;
    int seq = b == 0 ? 0 : inputIds[0].length;
    long[][][] pos = new long[3][b][seq];
    long[] deltas = new long[b];
    GridCursor cursor = new GridCursor(grids);
    for (int i = 0; i < b; i++) {
      if (inputIds[i].length != seq || attentionMask[i].length != seq) {
        throw new IllegalArgumentException("input_ids/attention_mask row " + i + " has a different length than row 0");
      }
      long[] ids = realTokens(inputIds[i], attentionMask[i]);
      int images = imageBlocks(ids, imageTokenId, visionStartTokenId);
      long[][] p = samplePositions(i, ids, images, cursor, mergeSize, imageTokenId);
      // text-only batches take the max over padding too (their value 1), as the reference's
      // cumsum branch does; batches with images take it over real tokens only
      long max = grids.length == 0 && ids.length < seq ? 1 : Long.MIN_VALUE;
      max = Math.max(max, scatter(p, attentionMask[i], pos, i));
      deltas[i] = ids.length == 0 ? 1 - seq : max + 1 - seq;
    }
    cursor.checkAllUsed();
    return new RopeIndex(pos, deltas);
  }

  /** The ids of one row where the mask is 1, in order. */
  private static long[] realTokens(long[] ids, long[] mask) {
    long[] out = new long[ids.length];
    int n = 0;
    for (int s = 0; s < ids.length; s++) if (mask[s] == 1) out[n++] = ids[s];
    return Arrays.copyOf(out, n);
  }

  /** Image blocks: a vision-start token directly followed by an image token. */
  private static int imageBlocks(long[] ids, long imageTokenId, long visionStartTokenId) {
    int images = 0;
    for (int s = 0; s + 1 < ids.length; s++) if (ids[s] == visionStartTokenId && ids[s + 1] == imageTokenId) images++;
    return images;
  }

  /** [3][n] positions of one sample's n real tokens: text runs, then each image block, then the tail. */
  private static long[][] samplePositions(int sample, long[] ids, int images, GridCursor grids, int mergeSize,
      long imageTokenId) {
    int n = ids.length;
    long[][] p = new long[3][n];
    long next = 0; // max position so far + 1
    int st = 0; // first token not yet positioned
    for (int k = 0; k < images; k++) {
      int ed = indexOf(ids, imageTokenId, st);
      if (ed < 0) throw new IllegalArgumentException("sample " + sample + ": image placeholder " + k + " not found");
      long[] g = grids.next(sample);
      long gt = g[0], gh = g[1] / mergeSize, gw = g[2] / mergeSize;
      countUp(p, st, ed, next);
      long base = next + (ed - st);
      long tokens = gt * gh * gw;
      if (ed + tokens > n) {
        throw new IllegalArgumentException("sample " + sample + ": image " + (grids.used - 1) + " needs " + tokens
            + " image tokens but the prompt ends first");
      }
      next = imageBlock(p, ed, base, gt, gh, gw);
      st = ed + (int) tokens;
    }
    if (st < n) countUp(p, st, n, next);
    return p;
  }

  private static int indexOf(long[] ids, long id, int from) {
    for (int s = from; s < ids.length; s++) if (ids[s] == id) return s;
    return -1;
  }

  /** A text run [from, to): positions start, start + 1, ... on all three axes. */
  private static void countUp(long[][] p, int from, int to, long start) {
    for (int s = from; s < to; s++) {
      for (int a = 0; a < 3; a++) p[a][s] = start + s - from;
    }
  }

  /** An image block of gt x gh x gw merged tokens from index from on; returns its max position + 1. */
  private static long imageBlock(long[][] p, int from, long base, long gt, long gh, long gw) {
    long maxPos = base - 1;
    int at = from;
    for (long tt = 0; tt < gt; tt++) {
      for (long r = 0; r < gh; r++) {
        for (long c = 0; c < gw; c++, at++) {
          p[0][at] = base; // still images: second_per_grid_t = 0, temporal offset 0
          p[1][at] = base + r;
          p[2][at] = base + c;
          maxPos = Math.max(maxPos, Math.max(base + r, base + c));
        }
      }
    }
    return maxPos + 1;
  }

  /** Writes row i of pos: the real tokens' positions where the mask is 1, 1 for padding; returns their max. */
  private static long scatter(long[][] p, long[] mask, long[][][] pos, int i) {
    long max = Long.MIN_VALUE;
    int r = 0;
    for (int s = 0; s < mask.length; s++) {
      for (int a = 0; a < 3; a++) pos[a][i][s] = 1; // padding
      if (mask[s] == 1) {
        for (int a = 0; a < 3; a++) {
          pos[a][i][s] = p[a][r];
          max = Math.max(max, p[a][r]);
        }
        r++;
      }
    }
    return max;
  }

  /** The batch's image grids in order of appearance (sample 0 first), handed out one block at a time. */
  private static final class GridCursor {
    private final long[][] grids;
    private int used;

    GridCursor(long[][] grids) {
      this.grids = grids;
    }

    long[] next(int sample) {
      if (used >= grids.length) {
        throw new IllegalArgumentException("sample " + sample + " has more image blocks than image_grid_thw rows ("
            + grids.length + ")");
      }
      return grids[used++];
    }

    void checkAllUsed() {
      if (used != grids.length) {
        throw new IllegalArgumentException("image_grid_thw has " + grids.length + " rows but the prompts contain "
            + used + " image blocks");
      }
    }
  }

  /** Flattened [3 * B * T] for a LibTorch tensor of shape [3, B, T]. */
  public long[] flat() {
    int b = positions[0].length;
    int t = b == 0 ? 0 : positions[0][0].length;
    long[] out = new long[3 * b * t];
    for (int a = 0; a < 3; a++) {
      for (int i = 0; i < b; i++) System.arraycopy(positions[a][i], 0, out, (a * b + i) * t, t);
    }
    return out;
  }
}

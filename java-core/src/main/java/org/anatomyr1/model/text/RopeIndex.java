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
    int imageCursor = 0;
    for (int i = 0; i < b; i++) {
      if (inputIds[i].length != seq || attentionMask[i].length != seq) {
        throw new IllegalArgumentException("input_ids/attention_mask row " + i + " has a different length than row 0");
      }
      // keep only real tokens
      int n = 0;
      long[] ids = new long[seq];
      for (int s = 0; s < seq; s++) if (attentionMask[i][s] == 1) ids[n++] = inputIds[i][s];
      ids = Arrays.copyOf(ids, n);
      int images = 0;
      for (int s = 0; s + 1 < n; s++) if (ids[s] == visionStartTokenId && ids[s + 1] == imageTokenId) images++;

      long[][] p = new long[3][n];
      int filled = 0; // positions written so far (prefix of ids)
      long next = 0; // max position so far + 1
      int st = 0;
      for (int k = 0; k < images; k++) {
        int ed = -1;
        for (int s = st; s < n; s++) {
          if (ids[s] == imageTokenId) {
            ed = s;
            break;
          }
        }
        if (ed < 0) throw new IllegalArgumentException("sample " + i + ": image placeholder " + k + " not found");
        if (imageCursor >= grids.length) {
          throw new IllegalArgumentException("sample " + i + " has more image blocks than image_grid_thw rows (" + grids.length + ")");
        }
        long[] g = grids[imageCursor++];
        long gt = g[0], gh = g[1] / mergeSize, gw = g[2] / mergeSize;
        int textLen = ed - st;
        long stIdx = next;
        for (int s = 0; s < textLen; s++, filled++) {
          for (int a = 0; a < 3; a++) p[a][filled] = stIdx + s;
        }
        long base = stIdx + textLen;
        long maxPos = base - 1;
        long tokens = gt * gh * gw;
        if (filled + tokens > n) {
          throw new IllegalArgumentException("sample " + i + ": image " + (imageCursor - 1) + " needs " + tokens
              + " image tokens but the prompt ends first");
        }
        for (long tt = 0; tt < gt; tt++) {
          for (long r = 0; r < gh; r++) {
            for (long c = 0; c < gw; c++, filled++) {
              p[0][filled] = base; // still images: second_per_grid_t = 0, temporal offset 0
              p[1][filled] = base + r;
              p[2][filled] = base + c;
              maxPos = Math.max(maxPos, Math.max(base + r, base + c));
            }
          }
        }
        next = maxPos + 1;
        st = ed + (int) tokens;
      }
      if (st < n) {
        long stIdx = next;
        for (int s = 0; s < n - st; s++, filled++) {
          for (int a = 0; a < 3; a++) p[a][filled] = stIdx + s;
        }
      }
      // text-only batches take the max over padding too (their value 1), as the reference's
      // cumsum branch does; batches with images take it over real tokens only
      long max = grids.length == 0 && n < seq ? 1 : Long.MIN_VALUE;
      int r = 0;
      for (int s = 0; s < seq; s++) {
        for (int a = 0; a < 3; a++) pos[a][i][s] = 1; // padding
        if (attentionMask[i][s] == 1) {
          for (int a = 0; a < 3; a++) {
            pos[a][i][s] = p[a][r];
            max = Math.max(max, p[a][r]);
          }
          r++;
        }
      }
      deltas[i] = n == 0 ? 1 - seq : max + 1 - seq;
    }
    if (imageCursor != grids.length) {
      throw new IllegalArgumentException("image_grid_thw has " + grids.length + " rows but the prompts contain "
          + imageCursor + " image blocks");
    }
    return new RopeIndex(pos, deltas);
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

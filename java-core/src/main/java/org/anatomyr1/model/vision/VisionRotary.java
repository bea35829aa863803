// The 2-D rotary embedding of the Qwen2.5-VL vision tower (Qwen2_5_VisionRotaryEmbedding, spec §4.2):
// half of each head's rotation pairs turn with the patch row, the other half with its column.
package org.anatomyr1.model.vision;

import org.anatomyr1.model.core.TensorOps;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class VisionRotary {
  static final double THETA = 10000.0;

  private VisionRotary() {}

  /** inv_freq = 1 / theta^(arange(0, dim, 2) / dim) in float32, dim = head_dim / 2. [dim/2] */
  static Tensor invFreq(int headDim) {
    int dim = headDim / 2;
    try (TensorOptions f32 = new TensorOptions(ScalarType.Float)) {
      Tensor exponents = torch.arange(new Scalar(0), new Scalar(dim), new Scalar(2), f32).div(new Scalar((double) dim));
      return torch.reciprocal(torch.pow(new Scalar(THETA), exponents));
    }
  }

  /**
   * Rotary angles per patch, float32 [N, head_dim] = concat(rpe, rpe) with
   * rpe = concat(freqs[row], freqs[col]), for patches in the order given by {@code order}.
   */
  public static Tensor angles(VisionGeometry g, int[] order, int headDim) {
    Tensor inv = invFreq(headDim); // [head_dim/4]
    Tensor seq;
    try (TensorOptions f32 = new TensorOptions(ScalarType.Float)) {
      seq = torch.arange(new Scalar(g.maxGrid), f32);
    }
    Tensor freqs = torch.outer(seq, inv); // [maxGrid, head_dim/4]
    long[] rows = new long[order.length];
    long[] cols = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      rows[i] = g.rowPos[order[i]];
      cols[i] = g.colPos[order[i]];
    }
    Tensor rpe = TensorOps.cat(-1,
        freqs.index_select(0, HostTensors.longs(rows, rows.length)),
        freqs.index_select(0, HostTensors.longs(cols, cols.length))); // [N, head_dim/2]
    return TensorOps.cat(-1, rpe, rpe);
  }
}

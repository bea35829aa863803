// The Qwen2.5-VL patch merger (Qwen2_5_VLPatchMerger, spec §4.7): RMSNorm, concatenate each 2x2 block
// of consecutive patch rows, then Linear -> exact (erf) GELU -> Linear to the LLM width.
package org.anatomyr1.model.vision;

import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.TensorOps;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

final class PatchMerger {
  private final int unit; // patches per merged token
  private final Tensor lnQ; // [D]
  private final Tensor w0, b0; // [4D, 4D], [4D]
  private final Tensor w2, b2; // [out, 4D], [out]

  PatchMerger(ModelWeights w, int unit) {
    this.unit = unit;
    lnQ = w.get("vis.merger.ln_q.weight");
    w0 = w.get("vis.merger.mlp.0.weight");
    b0 = w.get("vis.merger.mlp.0.bias");
    w2 = w.get("vis.merger.mlp.2.weight");
    b2 = w.get("vis.merger.mlp.2.bias");
  }

  /** [N, D] (window order) -> [N / unit, out]. */
  Tensor forward(Tensor x) {
    Tensor z = TensorOps.rmsNorm(x, lnQ, VisionBlock.NORM_EPS);
    z = z.reshape(x.size(0) / unit, x.size(1) * unit);
    z = torch.gelu(TensorOps.linear(z, w0, b0)); // default approximate='none' = erf GELU, as nn.GELU()
    return TensorOps.linear(z, w2, b2);
  }
}

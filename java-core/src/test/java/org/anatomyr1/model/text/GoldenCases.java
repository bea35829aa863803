// Test helper: loads the tiny golden model once and rebuilds the case-c prompt batch (ids, mask,
// the batch images' rows of the case-a pixel_values, their grids).
package org.anatomyr1.model.text;

import java.nio.file.Path;
import org.anatomyr1.model.GoldenData;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.io.SafetensorsFile;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

final class GoldenCases {
  private GoldenCases() {}

  static Qwen25VlModel model() {
    return Qwen25VlModel.load(GoldenData.tinyA(), ComputeSettings.cpuFloat32());
  }

  static long[][] rows(Tensor t) {
    long[] flat = HostTensors.toLongs(t);
    int b = (int) t.size(0);
    int n = flat.length / b;
    long[][] out = new long[b][n];
    for (int i = 0; i < b; i++) System.arraycopy(flat, i * n, out[i], 0, n);
    return out;
  }

  static Qwen25VlModel.Batch caseCBatch(Path dir) {
    try (SafetensorsFile a = SafetensorsFile.open(dir.resolve("case_a_preprocess.safetensors"));
        SafetensorsFile c = SafetensorsFile.open(dir.resolve("case_c_batch_forward.safetensors"))) {
      long[] offsets = HostTensors.toLongs(a.tensor("pixel_values_row_offsets"));
      long[] images = HostTensors.toLongs(c.tensor("batch_image_indices"));
      Tensor all = a.tensorCopy("pixel_values");
      Tensor[] parts = new Tensor[images.length];
      for (int i = 0; i < images.length; i++) {
        int k = (int) images[i];
        parts[i] = all.narrow(0, offsets[k], offsets[k + 1] - offsets[k]);
      }
      Tensor pixels = torch.cat(new TensorVector(parts), 0);
      return new Qwen25VlModel.Batch(rows(c.tensor("input_ids")), rows(c.tensor("attention_mask")), pixels,
          rows(c.tensor("image_grid_thw")));
    }
  }
}

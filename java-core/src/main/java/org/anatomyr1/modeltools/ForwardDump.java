// The `forward` debugging/parity tool's work: preprocess the request's images, run the model on the
// prompt batch and collect pixel_values, image_grid_thw, vision_features, position_ids [3,B,T],
// rope_deltas [B], logits [B,T,V] (fp32) and, when asked, greedy generated_ids [B, max_new_tokens].
package org.anatomyr1.modeltools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.io.SafetensorsWriter;
import org.anatomyr1.rollout.Generator;
import org.anatomyr1.rollout.SamplingSettings;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class ForwardDump {
  private ForwardDump() {}

  /** Runs {@code request} and writes every output tensor to {@code out} (safetensors). */
  @SuppressWarnings("try") // the scope frees all temporaries of the forward
  public static void run(Qwen25VlModel model, QwenImageProcessor processor, ForwardRequest request, Path out) {
    List<RgbImage> images = new ArrayList<>();
    for (Path p : request.images()) images.add(ImageFiles.read(p));
    try (PointerScope scope = new PointerScope()) {
      Map<String, Tensor> outputs = new LinkedHashMap<>();
      Tensor pixels = null;
      long[][] grids = new long[0][];
      if (!images.isEmpty()) {
        QwenImageProcessor.Result r = processor.process(images);
        pixels = r.pixelValuesTensor();
        grids = r.gridThw();
        outputs.put("pixel_values", pixels);
        outputs.put("image_grid_thw", r.gridTensor());
      }
      Qwen25VlModel.Batch batch = new Qwen25VlModel.Batch(request.inputIds(), request.attentionMask(), pixels, grids);
      int b = batch.batchSize();
      Tensor generated = null;
      if (request.maxNewTokens() > 0) {
        // first, in its own scopes: its prefill is freed before the full-logits prefill below runs
        // plain argmax continuation without stop tokens, as the golden case d
        Generator.Output g = new Generator(model).generate(batch, Generator.Settings.greedy(request.maxNewTokens()));
        long[] flat = new long[b * request.maxNewTokens()];
        for (int i = 0; i < b; i++) System.arraycopy(g.tokens()[i], 0, flat, i * request.maxNewTokens(), request.maxNewTokens());
        generated = HostTensors.longs(flat, b, request.maxNewTokens());
      }
      Qwen25VlModel.Prefill p = model.prefill(batch, null, true);
      if (p.visionFeatures() != null) outputs.put("vision_features", p.visionFeatures().to(ScalarType.Float));
      outputs.put("position_ids", HostTensors.longs(p.rope().flat(), 3, b, batch.length()));
      outputs.put("rope_deltas", HostTensors.longs(p.rope().ropeDeltas.clone(), b));
      outputs.put("logits", p.logits().to(ScalarType.Float));
      if (generated != null) outputs.put("generated_ids", generated);
      SafetensorsWriter.write(out, outputs, Map.of("format", "pt"));
    }
  }
}

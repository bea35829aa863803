// NaN or infinite weights fail at load with the tensor named (they used to generate "<unk>" x 8), and
// a resumed optimizer state with NaN moments is refused the same way.
package org.anatomyr1.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.CliRefusal;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.model.io.CheckpointFormatException;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NonFiniteWeightsTest {
  static final long SEED = 31;

  @Test
  void nanWeightFailsAtLoadNamingTheTensor(@TempDir Path dir) {
    Qwen25VlConfig config = TinyModelFactory.defaultTinyConfig(40);
    ModelWeights w = TinyModelFactory.randomWeights(config, SEED);
    w.get("lm.layers.1.mlp.down_proj.weight").narrow(0, 2, 1).fill_(new Scalar(Double.NaN));
    w.get("vis.blocks.0.attn.qkv.bias").narrow(0, 0, 1).fill_(new Scalar(Double.POSITIVE_INFINITY));
    Path model = dir.resolve("m");
    TinyModelFactory.save(model, config, w, QwenImageProcessor.Settings.defaults(), Long.MAX_VALUE);
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Qwen25VlModel.load(model, ComputeSettings.cpuFloat32()));
    assertTrue(e.getMessage().contains("holds") && (e.getMessage().contains("model.layers.1.mlp.down_proj.weight")
        || e.getMessage().contains("visual.blocks.0.attn.qkv.bias")), e.getMessage());
  }

  @Test
  void theCliRefusesANanModelInOneLine(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m");
    Qwen25VlConfig config = org.anatomyr1.text.TinyTokenizerFactory.writeTinyModel(model, List.of("a", "b", "c"), SEED,
        QwenImageProcessor.Settings.defaults());
    ModelWeights w = TinyModelFactory.randomWeights(config, SEED);
    w.get("lm.norm.weight").fill_(new Scalar(Double.NaN));
    w.save(model, config, Long.MAX_VALUE); // the tokenizer and configs stay, the weights now hold NaN
    Path image = dir.resolve("x.png");
    org.anatomyr1.image.ImageFiles.writePng(image, new org.anatomyr1.image.RgbImage(28, 28, new byte[28 * 28 * 3]));
    CliRefusal.assertRefused(List.of(model), List.of("tensor 'model.norm.weight' holds", "NaN"), "generate", "--model",
        model.toString(), "--image", image.toString(), "--question", "a b");
  }
}

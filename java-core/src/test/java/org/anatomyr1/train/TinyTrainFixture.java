// Test fixture of the trainer tests: a few synthetic anatomy items on disk and a random tiny model
// whose word-level vocabulary covers their prompts, the SFT targets and the completions' tags.
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.text.TinyTokenizerFactory;

final class TinyTrainFixture {
  private TinyTrainFixture() {}

  /** 112 px frames -> 16 image tokens per prompt. */
  static QwenImageProcessor.Settings smallImages() {
    QwenImageProcessor.Settings d = QwenImageProcessor.Settings.defaults();
    return new QwenImageProcessor.Settings(56 * 56, 112 * 112, d.patchSize(), d.temporalPatchSize(), d.mergeSize(),
        d.imageMean(), d.imageStd(), d.rescaleFactor(), true, true, true);
  }

  /** {@code n} synthetic training items written to dir/train.jsonl. */
  static Path data(Path dir, int n, long seed) {
    var result = new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(n, seed, 112, 2)).write(dir);
    List<VqaSample> all = result.splits().values().stream().flatMap(List::stream).toList();
    Path file = dir.resolve("all.jsonl");
    CanonicalJsonl.write(file, all);
    return file;
  }

  static Path model(Path dir, Path data, long seed) {
    List<VqaSample> items = org.anatomyr1.data.Datasets.read(data, "auto").samples();
    TinyTokenizerFactory.writeTinyModel(dir, QuestionPrompt.vocabulary(items), seed, smallImages());
    return dir;
  }

  /**
   * Fills every lora_B with seeded uniform values in [-0.05, 0.05) (B = 0 would give A no gradient);
   * the same seed gives the same B in any precision.
   */
  @SuppressWarnings("try")
  static void randomLoraB(LoraAdapters lora, long seed) {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    try (org.bytedeco.pytorch.NoGradGuard ng = new org.bytedeco.pytorch.NoGradGuard()) {
      for (var e : lora.parameters().entrySet()) {
        if (!e.getKey().endsWith("lora_B")) continue;
        org.bytedeco.pytorch.Tensor b = e.getValue();
        float[] v = new float[(int) b.numel()];
        for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextDouble(-0.05, 0.05);
        b.copy_(org.anatomyr1.torchinterop.HostTensors.floats(v, b.size(0), b.size(1)));
      }
    }
  }
}

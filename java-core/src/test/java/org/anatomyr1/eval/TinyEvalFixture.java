// Test fixture shared by the evaluation and demo tests: a few synthetic anatomy items on disk and a
// random tiny Qwen2.5-VL model directory whose vocabulary covers their prompts.
package org.anatomyr1.eval;

import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.text.TinyTokenizerFactory;

public final class TinyEvalFixture {
  private TinyEvalFixture() {}

  /** 112 px frames -> 8 x 8 patches -> 16 image tokens per item: small prompts, fast tests. */
  public static QwenImageProcessor.Settings smallImages() {
    QwenImageProcessor.Settings d = QwenImageProcessor.Settings.defaults();
    return new QwenImageProcessor.Settings(56 * 56, 112 * 112, d.patchSize(), d.temporalPatchSize(), d.mergeSize(),
        d.imageMean(), d.imageStd(), d.rescaleFactor(), true, true, true);
  }

  /** Writes {@code n} synthetic items (all splits merged) to dir/items.jsonl and returns them. */
  public static List<VqaSample> items(Path dir, int n, long seed) {
    var result = new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(n, seed, 112, 2)).write(dir);
    List<VqaSample> all = result.splits().values().stream().flatMap(List::stream).toList();
    CanonicalJsonl.write(dir.resolve("items.jsonl"), all);
    return all;
  }

  public static Path tinyModel(Path dir, List<VqaSample> items, long seed) {
    TinyTokenizerFactory.writeTinyModel(dir, QuestionPrompt.vocabulary(items), seed, smallImages());
    return dir;
  }
}

// The embedded default's "base" model: the random tiny model, briefly SFT-trained on the training
// prompts with answers drawn uniformly at random among each item's own options (independent of the
// image and the question). It learns the answer FORMAT (think block, answer block, an option's text)
// and nothing of the task, as a pre-trained base model would stand before fine-tuning, so its
// zero-shot Pass@1 lands near chance (25 with 4 options) for the right reason instead of at 0
// (a random model never writes an answer). Its prompts are GDQA text variants of the questions
// (paraphrases, lead-ins, permuted options): a pre-trained model has met many phrasings of a
// question, so RL's rewritten prompts are not out of distribution for it either.
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.gdqa.VariantGroupBuilder;
import org.anatomyr1.train.SftTrainer;
import org.anatomyr1.train.TrainConfig;

final class FormatBase {
  static final String NAME = "base";
  static final String RANDOM_LABELS_FILE = "train-random-labels.jsonl";
  private static final int TEXT_VARIANTS = 4; // the original and three rewrites, as GDQA's default k
  private static final long LABEL_STREAM = 0x6261736546726D74L; // keeps the label draws apart from other seeded streams

  private FormatBase() {}

  /**
   * Trains the base model from {@code d.initModel} for {@code steps} SFT steps on the random-label copy
   * of the training split (the preset's SFT mode, batch and lr); returns its final model directory.
   */
  static Path train(EmbeddedDefault d, TrainConfig preset, int steps, long seed) {
    Path file = d.data.resolve(RANDOM_LABELS_FILE).toAbsolutePath();
    CanonicalJsonl.write(file, randomLabels(d.train, seed));
    return SftTrainer.run(preset.with("model=" + d.initModel.toAbsolutePath(), "name=" + NAME, "data.train=" + file,
        "sft.steps=" + steps)).resolve("final");
  }

  /**
   * Each item as one of its GDQA text variants (the original among them), with the answer index
   * replaced by a uniform draw over its options (seeded).
   */
  static List<VqaSample> randomLabels(List<VqaSample> items, long seed) {
    SplittableRandom rng = new SplittableRandom(seed ^ LABEL_STREAM);
    VariantGroupBuilder phrasings = new VariantGroupBuilder(
        VariantGroupBuilder.Config.defaults(TEXT_VARIANTS, List.of(), seed ^ LABEL_STREAM));
    List<VqaSample> out = new ArrayList<>(items.size());
    for (VqaSample x : items) {
      if (x.options().isEmpty()) throw new IllegalArgumentException("item " + x.id() + ": no options to draw a label from");
      VqaSample text = phrasings.build(x, null).variants().get(rng.nextInt(TEXT_VARIANTS)).sample();
      out.add(x.withQuestion(text.question()).withOptions(text.options(), rng.nextInt(text.options().size())));
    }
    return out;
  }
}

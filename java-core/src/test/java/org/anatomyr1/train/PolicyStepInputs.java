// The inputs of one policy-loss step for tests that compute the same step two ways (mixed precision,
// gradient checkpointing): two prompts from the synthetic data with seeded random images, a fixed
// completion per row (the first words of another item's question), per-token advantages and weights 1/n.
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.prompt.QuestionPrompt;

record PolicyStepInputs(PolicyModel.Sequences seq, float[] adv, float[] weights) {
  /** Advantage of completion token {@code i} of row {@code row}; {@code rng} continues the images' stream. */
  interface Advantage {
    float of(int i, int row, SplittableRandom rng);
  }

  static PolicyStepInputs of(PolicyModel p, Path data, long seed, Advantage advantage) {
    List<VqaSample> items = org.anatomyr1.data.Datasets.read(data, "auto").samples();
    SplittableRandom rng = new SplittableRandom(seed);
    List<RgbImage> images = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    long[][] completions = new long[2][];
    int[] lengths = new int[2];
    for (int r = 0; r < 2; r++) {
      byte[] rgb = new byte[112 * 112 * 3];
      for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) rng.nextInt(256);
      images.add(new RgbImage(112, 112, rgb));
      texts.add(QuestionPrompt.render(items.get(r)));
      long[] words = p.tokenizer().encode(items.get(r + 2).question()); // ordinary vocabulary tokens
      completions[r] = Arrays.copyOf(words, Math.min(8, words.length));
      lengths[r] = completions[r].length;
    }
    PolicyModel.Sequences seq = p.sequences(images, texts, completions, lengths, new boolean[] {true, true});
    int n = seq.tokens();
    float[] adv = new float[n], weights = new float[n];
    for (int i = 0; i < n; i++) {
      adv[i] = advantage.of(i, seq.tokenRow()[i], rng);
      weights[i] = 1f / n;
    }
    return new PolicyStepInputs(seq, adv, weights);
  }
}

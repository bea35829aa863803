// Rollout generation on a random tiny model: a shared prefill for a group of G equals G separate
// copies of the prompt (greedy and seeded sampling), seeded sampling reproduces, stop tokens end rows.
package org.anatomyr1.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.Set;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.TinyConfigs;
import org.anatomyr1.model.TinyModelFactory;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  static final long SEED = 5L;

  static Qwen25VlModel model() {
    Qwen25VlConfig c = TinyConfigs.configB();
    return new Qwen25VlModel(c, TinyModelFactory.randomWeights(c, SEED), ComputeSettings.cpuFloat32());
  }

  /** Two text-only prompts of different lengths, left-padded. */
  static Qwen25VlModel.Batch textBatch(Random r, int repeat) {
    int[] lens = {7, 4};
    long[][] ids = new long[2 * repeat][7];
    long[][] mask = new long[2 * repeat][7];
    long[][] prompts = new long[2][];
    for (int p = 0; p < 2; p++) {
      prompts[p] = new long[lens[p]];
      for (int k = 0; k < lens[p]; k++) prompts[p][k] = r.nextInt(280);
    }
    for (int row = 0; row < 2 * repeat; row++) {
      long[] pr = prompts[row / repeat];
      int pad = 7 - pr.length;
      java.util.Arrays.fill(ids[row], 0, pad, 291);
      System.arraycopy(pr, 0, ids[row], pad, pr.length);
      java.util.Arrays.fill(mask[row], pad, 7, 1);
    }
    return new Qwen25VlModel.Batch(ids, mask, null, null);
  }

  @Test
  void sharedPrefillEqualsRepeatedPrompts() {
    System.out.println("GeneratorTest seed " + SEED);
    Qwen25VlModel m = model();
    int g = 3;
    for (SamplingSettings s : new SamplingSettings[] {SamplingSettings.greedy(), new SamplingSettings(1.0, 20, 0.95, 1.1, SEED)}) {
      Generator.Output grouped = new Generator(m).generate(textBatch(new Random(SEED), 1),
          new Generator.Settings(6, Set.of(), g, s, false));
      Generator.Output repeated = new Generator(m).generate(textBatch(new Random(SEED), g),
          new Generator.Settings(6, Set.of(), 1, s, false));
      for (int r = 0; r < 2 * g; r++) assertArrayEquals(repeated.tokens()[r], grouped.tokens()[r], "row " + r + " " + s);
      Generator.Output again = new Generator(m).generate(textBatch(new Random(SEED), 1),
          new Generator.Settings(6, Set.of(), g, s, false));
      for (int r = 0; r < 2 * g; r++) assertArrayEquals(grouped.tokens()[r], again.tokens()[r], "reproducible row " + r);
    }
  }

  @Test
  void stopTokenEndsRow() {
    Qwen25VlModel m = model();
    Generator.Output free = new Generator(m).generate(textBatch(new Random(SEED), 1), Generator.Settings.greedy(4));
    long stop = free.tokens()[0][1];
    Generator.Output stopped = new Generator(m).generate(textBatch(new Random(SEED), 1),
        new Generator.Settings(4, Set.of(stop), 1, SamplingSettings.greedy(), false));
    int firstStop = free.tokens()[0][0] == stop ? 0 : 1;
    assertEquals(firstStop + 1, stopped.lengths()[0]);
    for (int j = firstStop + 1; j < 4; j++) assertEquals(291, stopped.tokens()[0][j], "pad after stop");
    assertEquals(stop, stopped.tokens()[0][firstStop]);
  }
}

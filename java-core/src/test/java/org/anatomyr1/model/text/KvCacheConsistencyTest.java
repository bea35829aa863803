// KV-cache decoding equals full recomputation on a second tiny config (untied, GQA group 3, 4x4
// windows, two full-attention blocks): every greedy step's logits from the cache match the last
// position of a cache-free forward of prompt + generated tokens (positions from get_rope_index).
package org.anatomyr1.model.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.TinyConfigs;
import org.anatomyr1.model.TinyModelFactory;
import org.anatomyr1.model.Tolerances;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.rollout.Generator;
import org.anatomyr1.rollout.SamplingSettings;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

class KvCacheConsistencyTest {
  static final long SEED = 11L;

  /** Left-padded batch of two prompts with one random image each (sizes give partial windows). */
  static Qwen25VlModel.Batch randomBatch(Qwen25VlConfig c, Random r) {
    QwenImageProcessor proc = new QwenImageProcessor(new QwenImageProcessor.Settings(3136, 50176, 14, 2, 2,
        new double[] {0.48145466, 0.4578275, 0.40821073}, new double[] {0.26862954, 0.26130258, 0.27577711},
        1.0 / 255, true, true, true));
    List<RgbImage> images = new ArrayList<>();
    int[][] sizes = {{150, 230}, {84, 140}};
    for (int[] s : sizes) {
      byte[] px = new byte[s[0] * s[1] * 3];
      r.nextBytes(px);
      images.add(new RgbImage(s[0], s[1], px));
    }
    QwenImageProcessor.Result res = proc.process(images);
    int[] textBefore = {5, 9};
    int[] textAfter = {4, 2};
    List<long[]> rows = new ArrayList<>();
    int maxLen = 0;
    for (int i = 0; i < 2; i++) {
      List<Long> ids = new ArrayList<>();
      for (int k = 0; k < textBefore[i]; k++) ids.add((long) r.nextInt(280));
      ids.add((long) c.visionStartTokenId());
      for (long k = 0; k < res.tokens(i, 2); k++) ids.add((long) c.imageTokenId());
      ids.add((long) c.visionEndTokenId());
      for (int k = 0; k < textAfter[i]; k++) ids.add((long) r.nextInt(280));
      rows.add(ids.stream().mapToLong(Long::longValue).toArray());
      maxLen = Math.max(maxLen, ids.size());
    }
    long[][] ids = new long[2][maxLen];
    long[][] mask = new long[2][maxLen];
    for (int i = 0; i < 2; i++) {
      int pad = maxLen - rows.get(i).length;
      Arrays.fill(ids[i], 0, pad, c.padTokenId());
      System.arraycopy(rows.get(i), 0, ids[i], pad, rows.get(i).length);
      Arrays.fill(mask[i], pad, maxLen, 1);
    }
    return new Qwen25VlModel.Batch(ids, mask, res.pixelValuesTensor(), res.gridThw());
  }

  @Test
  @SuppressWarnings("try")
  void cachedDecodingEqualsFullRecomputation() {
    System.out.println("KvCacheConsistencyTest seed " + SEED);
    Qwen25VlConfig config = TinyConfigs.configB();
    ModelWeights w = TinyModelFactory.randomWeights(config, SEED);
    Qwen25VlModel model = new Qwen25VlModel(config, w, ComputeSettings.cpuFloat32());
    Qwen25VlModel.Batch batch = randomBatch(config, new Random(SEED));
    int steps = 5;
    Generator.Output out = new Generator(model).generate(batch, new Generator.Settings(steps, Set.of(), 1, SamplingSettings.greedy(), true));
    int b = batch.batchSize(), t = batch.length();
    for (int k = 0; k < steps; k++) {
      long[][] ids = new long[b][t + k];
      long[][] mask = new long[b][t + k];
      for (int i = 0; i < b; i++) {
        System.arraycopy(batch.inputIds()[i], 0, ids[i], 0, t);
        System.arraycopy(out.tokens()[i], 0, ids[i], t, k);
        System.arraycopy(batch.attentionMask()[i], 0, mask[i], 0, t);
        Arrays.fill(mask[i], t, t + k, 1);
      }
      try (PointerScope scope = new PointerScope()) {
        Qwen25VlModel.Prefill full = model.prefill(new Qwen25VlModel.Batch(ids, mask, batch.pixelValues(), batch.grids()),
            null, false);
        float[] ref = HostTensors.toFloats(full.logits());
        float[] got = new float[ref.length];
        for (int i = 0; i < b; i++) System.arraycopy(out.stepLogits()[k][i], 0, got, i * config.text().vocabSize(), config.text().vocabSize());
        Tolerances.assertRel("kv-cache step " + k, got, ref, 1e-5);
        long[] refIds = HostTensors.toLongs(org.bytedeco.pytorch.global.torch.argmax(full.logits(),
            new org.bytedeco.pytorch.LongOptional(-1), false));
        for (int i = 0; i < b; i++) assertEquals(refIds[i], out.tokens()[i][k], "greedy token " + k + " of row " + i);
      }
    }
  }
}

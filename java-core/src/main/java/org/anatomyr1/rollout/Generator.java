// Batched continuation of left-padded prompts with a preallocated KV cache (spec §6.4-6.6): the
// prompts are prefilled once; with a group size G > 1 the cache is repeated so that G sequences
// continue each prompt (the GRPO group case). Decode positions are cache_len + rope_delta; rows
// stop at a stop token and are then filled with the pad id.
package org.anatomyr1.rollout;

import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.torchinterop.HostTensors;
import org.anatomyr1.model.text.KvCache;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

public final class Generator {
  private final Qwen25VlModel model;

  public Generator(Qwen25VlModel model) {
    this.model = model;
  }

  public record Settings(int maxNewTokens, Set<Long> stopIds, int groupSize, SamplingSettings sampling,
      boolean keepStepLogits) {
    public Settings {
      if (maxNewTokens <= 0) throw new IllegalArgumentException("max_new_tokens must be > 0, got " + maxNewTokens);
      if (groupSize <= 0) throw new IllegalArgumentException("group size must be > 0, got " + groupSize);
      stopIds = Set.copyOf(stopIds);
    }

    /** Plain argmax, no stop tokens, one continuation per prompt. */
    public static Settings greedy(int maxNewTokens) {
      return new Settings(maxNewTokens, Set.of(), 1, SamplingSettings.greedy(), false);
    }
  }

  /**
   * tokens [B*G][maxNewTokens] (row b*G+g continues prompt b; pad after the stop), the number of
   * generated tokens per row (stop token included) and, when kept, the logits [steps][B*G][V].
   */
  public record Output(long[][] tokens, int[] lengths, float[][][] stepLogits) {}

  @SuppressWarnings("try") // each PointerScope frees one step's temporaries
  public Output generate(Qwen25VlModel.Batch batch, Settings s) {
    return generate(batch, s, null);
  }

  /**
   * As {@link #generate(Qwen25VlModel.Batch, Settings)} with the random stream of each row given
   * ({@code rowRandom[b*G+g]}; null: split from the settings' seed in row order). Data-parallel
   * training passes the streams of the rows' global indices, so a row samples the same tokens
   * whichever rank generates it.
   */
  @SuppressWarnings("try")
  public Output generate(Qwen25VlModel.Batch batch, Settings s, SplittableRandom[] rowRandom) {
    int prompts = batch.batchSize();
    int g = s.groupSize();
    int rows = prompts * g;
    int t = batch.length();
    int max = s.maxNewTokens();
    long pad = model.config().padTokenId();
    long[][] out = new long[rows][max];
    int[] lengths = new int[rows];
    boolean[] done = new boolean[rows];
    float[][][] stepLogits = s.keepStepLogits() ? new float[max][][] : null;
    long[][] mask = new long[rows][];
    long[][] history = new long[rows][];
    TokenSampler[] samplers = new TokenSampler[rows];
    SplittableRandom root = new SplittableRandom(s.sampling().seed());
    for (int r = 0; r < rows; r++) {
      mask[r] = Arrays.copyOf(batch.attentionMask()[r / g], t + max);
      history[r] = new long[t + max];
      int n = 0;
      for (int j = 0; j < t; j++) if (batch.attentionMask()[r / g][j] == 1) history[r][n++] = batch.inputIds()[r / g][j];
      history[r] = Arrays.copyOf(history[r], n + max);
      samplers[r] = new TokenSampler(s.sampling(), rowRandom != null ? rowRandom[r] : root.split());
    }
    int[] historyLen = new int[rows];
    for (int r = 0; r < rows; r++) historyLen[r] = history[r].length - max;

    KvCache cache = model.decoder().newCache(prompts, t + max);
    try {
      long[] deltas = new long[rows];
      float[][] logits;
      try (PointerScope scope = new PointerScope()) {
        Qwen25VlModel.Prefill p = model.prefill(batch, cache, false);
        for (int r = 0; r < rows; r++) deltas[r] = p.rope().ropeDeltas[r / g];
        logits = rowsOf(p.logits(), g);
      }
      if (g > 1) {
        KvCache shared = cache.repeatRows(g, t + max); // one prefill serves the whole group
        cache.close();
        cache = shared;
      }
      for (int step = 0; ; step++) {
        if (stepLogits != null) {
          stepLogits[step] = new float[rows][];
          for (int r = 0; r < rows; r++) stepLogits[step][r] = logits[r].clone();
        }
        long[] next = new long[rows];
        for (int r = 0; r < rows; r++) {
          if (done[r]) {
            next[r] = pad; // finished rows keep decoding pads; their outputs are discarded
            out[r][step] = pad;
            continue;
          }
          next[r] = samplers[r].next(logits[r], history[r], historyLen[r]);
          out[r][step] = next[r];
          history[r][historyLen[r]++] = next[r];
          lengths[r]++;
          if (s.stopIds().contains(next[r])) done[r] = true;
        }
        if (step + 1 == max || allDone(done)) break;
        long[][] stepMask = new long[rows][];
        for (int r = 0; r < rows; r++) {
          mask[r][t + step] = 1;
          stepMask[r] = Arrays.copyOf(mask[r], t + step + 1);
        }
        try (PointerScope scope = new PointerScope()) {
          logits = rowsOf(model.decodeStep(next, stepMask, deltas, cache), 1);
        }
      }
    } finally {
      cache.close();
    }
    for (int r = 0; r < rows; r++) for (int j = lengths[r]; j < max; j++) out[r][j] = pad;
    return new Output(out, lengths, stepLogits);
  }

  /** logits [B, V] -> B*repeats float rows (row b repeated consecutively). */
  private static float[][] rowsOf(Tensor logits, int repeats) {
    float[] all = HostTensors.toFloats(logits);
    int b = (int) logits.size(0);
    int v = (int) logits.size(1);
    float[][] out = new float[b * repeats][];
    for (int i = 0; i < b * repeats; i++) out[i] = Arrays.copyOfRange(all, (i / repeats) * v, (i / repeats + 1) * v);
    return out;
  }

  private static boolean allDone(boolean[] done) {
    for (boolean d : done) if (!d) return false;
    return true;
  }
}

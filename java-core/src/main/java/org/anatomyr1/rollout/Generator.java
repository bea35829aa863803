// Batched continuation of left-padded prompts with a preallocated KV cache (spec §6.4-6.6): the
// prompts are prefilled once; with a group size G > 1 the cache is repeated so that G sequences
// continue each prompt (the GRPO group case). Decode positions are cache_len + rope_delta; rows
// stop at a stop token and are then filled with the pad id.
package org.anatomyr1.rollout;

import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.text.KvCache;
import org.anatomyr1.torchinterop.HostTensors;
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
    int g = s.groupSize();
    int t = batch.length();
    int max = s.maxNewTokens();
    Continuations rows = new Continuations(batch, s, rowRandom, model.config().padTokenId());
    float[][][] stepLogits = s.keepStepLogits() ? new float[max][][] : null;
    KvCache cache = model.decoder().newCache(batch.batchSize(), t + max);
    try {
      long[] deltas = new long[rows.count];
      float[][] logits;
      try (PointerScope scope = new PointerScope()) {
        Qwen25VlModel.Prefill p = model.prefill(batch, cache, false);
        for (int r = 0; r < rows.count; r++) deltas[r] = p.rope().ropeDeltas[r / g];
        logits = rowsOf(p.logits(), g);
      }
      if (g > 1) {
        KvCache shared = cache.repeatRows(g, t + max); // one prefill serves the whole group
        cache.close();
        cache = shared;
      }
      for (int step = 0; ; step++) {
        if (stepLogits != null) stepLogits[step] = copyOf(logits);
        long[] next = rows.sample(step, logits);
        if (step + 1 == max || rows.allDone()) break;
        long[][] stepMask = rows.extendMasks(t + step);
        try (PointerScope scope = new PointerScope()) {
          logits = rowsOf(model.decodeStep(next, stepMask, deltas, cache), 1);
        }
      }
    } finally {
      cache.close();
    }
    return rows.output(stepLogits);
  }

  /**
   * The B*G rows being continued (row b*G+g continues prompt b): generated tokens, lengths, stop
   * flags, attention masks growing by one position per step, and each row's token history (prompt
   * without padding, then its tokens) for the repetition penalty.
   */
  private static final class Continuations {
    final int count;
    private final int max;
    private final long pad;
    private final Set<Long> stopIds;
    private final long[][] out; // [rows][max]
    private final int[] lengths;
    private final boolean[] done;
    private final long[][] mask; // [rows][t + max]
    private final long[][] history; // [rows][prompt tokens + max]
    private final int[] historyLen;
    private final TokenSampler[] samplers;

    Continuations(Qwen25VlModel.Batch batch, Settings s, SplittableRandom[] rowRandom, long pad) {
      int g = s.groupSize();
      int t = batch.length();
      this.max = s.maxNewTokens();
      this.count = batch.batchSize() * g;
      this.pad = pad;
      this.stopIds = s.stopIds();
      out = new long[count][max];
      lengths = new int[count];
      done = new boolean[count];
      mask = new long[count][];
      history = new long[count][];
      historyLen = new int[count];
      samplers = new TokenSampler[count];
      SplittableRandom root = new SplittableRandom(s.sampling().seed());
      for (int r = 0; r < count; r++) {
        long[] promptMask = batch.attentionMask()[r / g];
        mask[r] = Arrays.copyOf(promptMask, t + max);
        int n = 0;
        history[r] = new long[t + max];
        for (int j = 0; j < t; j++) if (promptMask[j] == 1) history[r][n++] = batch.inputIds()[r / g][j];
        history[r] = Arrays.copyOf(history[r], n + max);
        historyLen[r] = n;
        samplers[r] = new TokenSampler(s.sampling(), rowRandom != null ? rowRandom[r] : root.split());
      }
    }

    /** Samples step {@code step}'s token of every unfinished row (finished rows decode pads, discarded). */
    long[] sample(int step, float[][] logits) {
      long[] next = new long[count];
      for (int r = 0; r < count; r++) {
        if (done[r]) {
          next[r] = pad;
          out[r][step] = pad;
          continue;
        }
        next[r] = samplers[r].next(logits[r], history[r], historyLen[r]);
        out[r][step] = next[r];
        history[r][historyLen[r]++] = next[r];
        lengths[r]++;
        if (stopIds.contains(next[r])) done[r] = true;
      }
      return next;
    }

    boolean allDone() {
      for (boolean d : done) if (!d) return false;
      return true;
    }

    /** Opens position {@code position} in every row's mask; returns the masks [rows][position + 1]. */
    long[][] extendMasks(int position) {
      long[][] stepMask = new long[count][];
      for (int r = 0; r < count; r++) {
        mask[r][position] = 1;
        stepMask[r] = Arrays.copyOf(mask[r], position + 1);
      }
      return stepMask;
    }

    Output output(float[][][] stepLogits) {
      for (int r = 0; r < count; r++) for (int j = lengths[r]; j < max; j++) out[r][j] = pad;
      return new Output(out, lengths, stepLogits);
    }
  }

  private static float[][] copyOf(float[][] rows) {
    float[][] c = new float[rows.length][];
    for (int r = 0; r < rows.length; r++) c[r] = rows[r].clone();
    return c;
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
}

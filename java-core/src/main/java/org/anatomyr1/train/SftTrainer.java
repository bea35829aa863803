// Supervised fine-tuning on the answer tokens (mode "answer": <answer>X. text</answer>; mode "cot":
// a templated <think> block first): cross-entropy through the same chunked lm_head path as the RL
// update (plain variant, A = 1, beta 0, token-mean weights), epoch-shuffled data, checkpoints, final/.
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.kernels.LossVariant;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class SftTrainer {
  /** Cross-entropy as the policy loss: -logp * 1, no clip, no KL. */
  static final PolicyLossConfig CROSS_ENTROPY = new PolicyLossConfig(LossVariant.PLAIN, 1f, 0.2f, 0.2f, 0f);

  private SftTrainer() {}

  /** Number of optimizer steps of {@code config} for {@code items} (epochs override steps). */
  public static int steps(TrainConfig config, int items) {
    if (config.epochs() <= 0) return config.steps();
    return (int) Math.max(1, ((long) items * config.epochs() + config.batch() - 1) / config.batch());
  }

  /** Trains as configured and returns the run directory (metrics.jsonl, checkpoints/, final/). */
  @SuppressWarnings("try")
  public static Path run(TrainConfig sftConfig) {
    TrainConfig config = sftConfig.requireInputs().forSft();
    RunSetup.checkDevice(config);
    TrainingData data = TrainingData.load(config);
    List<VqaSample> items = data.samples();
    int steps = steps(config, items.size());
    RunSetup run = new RunSetup(config, steps, "sft");
    PolicyModel policy = run.policy;
    long end = policy.endOfTurnId();
    DataParallel.evenShard("batch", config.batch(), run.collective); // fails early naming batch and world size
    boolean writer = DataParallel.writes(run.collective);
    ProgressBar bar = config.progress() && writer
        ? new ProgressBarBuilder().setTaskName("sft-" + config.sftMode()).setInitialMax(steps).build() : null;
    try {
      if (bar != null) bar.stepTo(run.firstStep());
      for (int s = run.firstStep(); s < steps; s++) {
        try (PointerScope stepScope = new PointerScope()) { // the step's temporaries; weights and moments live outside
          step(s, config, data, items, run, end);
        }
        if (bar != null) bar.step();
        int done = s + 1;
        if (config.checkpointEvery() > 0 && done % config.checkpointEvery() == 0 && done < steps) {
          run.collective.barrier(); // every rank has finished the step before rank 0's checkpoint
          if (writer) Checkpoints.save(run, done, "");
        }
      }
    } finally {
      if (bar != null) bar.close();
    }
    run.saveFinal();
    policy.close();
    return run.runDir;
  }

  /** One optimizer step over the step's batch (grad_accum micro-batches); writes its metrics line. */
  @SuppressWarnings("try")
  private static void step(int s, TrainConfig config, TrainingData data, List<VqaSample> items, RunSetup run, long end) {
    PolicyModel policy = run.policy;
    List<VqaSample> batch = new ArrayList<>();
    for (int i = 0; i < config.batch(); i++) batch.add(itemAt(items, (long) s * config.batch() + i, config.seed()));
    // data parallel: every rank counts the global batch's target tokens, trains on its contiguous share
    DataParallel.Shard shard = DataParallel.shard(batch.size(), run.collective);
    int parts = Math.min(config.gradAccum(), shard.size());
    // token-mean over the whole step: count the target tokens first
    List<long[]> targets = new ArrayList<>();
    long total = 0;
    for (VqaSample it : batch) {
      long[] ids = policy.tokenizer().encode(SftTargets.of(it, config.sftMode()));
      long[] withEnd = Arrays.copyOf(ids, ids.length + 1);
      withEnd[ids.length] = end; // the model also learns to close its turn
      targets.add(withEnd);
      total += withEnd.length;
    }
    Optimization opt = run.optimization;
    opt.begin();
    double loss = 0;
    boolean finite = true;
    for (int p = 0; p < parts; p++) {
      int from = shard.from() + shard.size() * p / parts, to = shard.from() + shard.size() * (p + 1) / parts;
      List<RgbImage> images = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      long[][] tokens = new long[to - from][];
      int[] lengths = new int[to - from];
      boolean[] include = new boolean[to - from];
      for (int i = from; i < to; i++) {
        images.add(data.image(batch.get(i)));
        texts.add(QuestionPrompt.render(batch.get(i)));
        tokens[i - from] = targets.get(i);
        lengths[i - from] = targets.get(i).length;
        include[i - from] = true;
      }
      try (PointerScope scope = new PointerScope()) {
        PolicyModel.Sequences seq = policy.sequences(images, texts, tokens, lengths, include);
        Qwen25VlModel model = policy.model();
        var dev = model.compute().torchDevice();
        int n = seq.tokens();
        float[] ones = new float[n];
        float[] w = new float[n];
        Arrays.fill(ones, 1f);
        Arrays.fill(w, (float) (1.0 / total));
        Tensor hidden = PolicyModel.completionHidden(model, seq); // [N, H]
        ChunkedPolicyLoss.Result r = ChunkedPolicyLoss.lossAndHiddenGrad(hidden, model.weights().get("lm_head.weight"),
            new ChunkedPolicyLoss.TokenInputs(HostTensors.longs(seq.targets(), n).to(dev, ScalarType.Long), null, null,
                HostTensors.floats(ones, n).to(dev, ScalarType.Float), HostTensors.floats(w, n).to(dev, ScalarType.Float)),
            CROSS_ENTROPY, config.logitsChunk(), opt.headGrad(), false);
        if (!r.stats().finite()) {
          finite = false;
          continue;
        }
        ChunkedPolicyLoss.backward(hidden, r.gradHidden());
        loss += r.stats().loss();
      }
    }
    Optimization.Outcome o = opt.finish(s, finite);
    if (run.collective.worldSize() > 1) {
      double[] t = DataParallel.sum(new double[] {loss, finite ? 0 : 1}, run.collective);
      loss = t[0];
      finite = t[1] == 0;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", s + 1);
    m.put("epoch", (double) ((long) s * config.batch()) / items.size());
    m.put("loss", finite ? loss : Double.NaN);
    m.put("lr", o.lr());
    m.put("grad_norm", o.gradNorm());
    m.put("skipped", o.skipped());
    if (run.collective.worldSize() > 1) m.put("time_allreduce_s", GradientBuckets.takeSeconds());
    if (DataParallel.writes(run.collective)) run.metrics.write(m);
  }

  /** Item {@code index} of the endless epoch-shuffled stream (epoch e: a fresh permutation from seed + e). */
  static VqaSample itemAt(List<VqaSample> items, long index, long seed) {
    int n = items.size();
    long epoch = index / n;
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return items.get(perm[(int) (index % n)]);
  }
}

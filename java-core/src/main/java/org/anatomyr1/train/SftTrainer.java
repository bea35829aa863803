// Supervised fine-tuning on the answer tokens (mode "answer": <answer>X. text</answer>; mode "cot":
// a templated <think> block first): cross-entropy through the same PolicyUpdate as the RL update
// (plain variant, A = 1, beta 0, token-mean weights over the step), epoch-shuffled data
// (EpochOrder), run by the shared TrainingLoop (checkpoints, resume, final/).
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.kernels.LossVariant;
import org.anatomyr1.kernels.PolicyLossConfig;

public final class SftTrainer {
  /** Cross-entropy as the policy loss: -logp * 1, no clip, no KL. */
  static final PolicyLossConfig CROSS_ENTROPY = new PolicyLossConfig(LossVariant.PLAIN, 1f, 0.2f, 0.2f, 0f);

  private final TrainConfig config;
  private final TrainingData data;
  private final List<VqaSample> items;
  private final EpochOrder order;
  private final RunSetup run;
  private final PolicyUpdate update;
  private final long endOfTurn;

  private SftTrainer(TrainConfig config, TrainingData data, RunSetup run) {
    this.config = config;
    this.data = data;
    this.items = data.samples();
    this.order = new EpochOrder(items, config.seed());
    this.run = run;
    this.update = new PolicyUpdate(run, CROSS_ENTROPY, config.logitsChunk());
    this.endOfTurn = run.policy.endOfTurnId();
  }

  /** Number of optimizer steps of {@code config} for {@code items} (epochs override steps). */
  public static int steps(TrainConfig config, int items) {
    if (config.epochs() <= 0) return config.steps();
    return (int) Math.max(1, ((long) items * config.epochs() + config.batch() - 1) / config.batch());
  }

  /** Trains as configured and returns the run directory (metrics.jsonl, checkpoints/, final/). */
  public static Path run(TrainConfig sftConfig) {
    TrainConfig config = sftConfig.requireInputs().forSft();
    RunSetup.checkDevice(config);
    TrainingData data = TrainingData.load(config);
    int steps = steps(config, data.samples().size());
    RunSetup run = new RunSetup(config, steps, "sft");
    SftTrainer t = TrainingLoop.build(run, () -> {
      DataParallel.evenShard("batch", config.batch(), run.collective); // fails early naming batch and world size
      return new SftTrainer(config, data, run);
    });
    List<AutoCloseable> owned = new ArrayList<>(List.of(run.policy));
    owned.add(run.policy.lora());
    owned.add(run.optimization.adam());
    return TrainingLoop.run(run, new TrainingLoop.Spec("sft-" + config.sftMode(), steps, t::step, () -> {}, () -> "",
        null), owned);
  }

  /** One optimizer step over the step's batch (grad_accum micro-batches); returns its metrics line. */
  private Map<String, Object> step(int s) {
    List<VqaSample> batch = new ArrayList<>();
    for (int i = 0; i < config.batch(); i++) batch.add(order.at((long) s * config.batch() + i));
    // data parallel: every rank counts the global batch's target tokens, trains on its contiguous share
    DataParallel.Shard shard = DataParallel.shard(batch.size(), run.collective);
    List<long[]> targets = new ArrayList<>();
    long total = 0; // token-mean over the whole step: count the target tokens first
    for (VqaSample it : batch) {
      long[] ids = run.policy.tokenizer().encode(SftTargets.of(it, config.sftMode()));
      long[] withEnd = Arrays.copyOf(ids, ids.length + 1);
      withEnd[ids.length] = endOfTurn; // the model also learns to close its turn
      targets.add(withEnd);
      total += withEnd.length;
    }
    int parts = Math.min(config.gradAccum(), shard.size());
    List<MicroBatch> micros = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int from = shard.from() + shard.size() * p / parts, to = shard.from() + shard.size() * (p + 1) / parts;
      micros.add(micro(batch.subList(from, to), targets.subList(from, to), total));
    }
    PolicyUpdate.Result u = update.run(micros, s, 1, false);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", s + 1);
    m.put("epoch", (double) ((long) s * config.batch()) / items.size());
    m.put("loss", u.sums().loss());
    m.put("lr", u.outcome().lr());
    m.put("grad_norm", u.outcome().gradNorm());
    m.put("skipped", u.outcome().skipped());
    if (run.collective.worldSize() > 1) m.put("time_allreduce_s", GradientBuckets.takeSeconds());
    return m;
  }

  /** Items with their target tokens; each token weighted 1 / (target tokens of the whole step). */
  private MicroBatch micro(List<VqaSample> part, List<long[]> targets, long total) {
    List<RgbImage> images = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    long[][] tokens = new long[part.size()][];
    int[] lengths = new int[part.size()];
    boolean[] include = new boolean[part.size()];
    for (int i = 0; i < part.size(); i++) {
      images.add(data.image(part.get(i)));
      texts.add(QuestionPrompt.render(part.get(i)));
      tokens[i] = targets.get(i);
      lengths[i] = targets.get(i).length;
      include[i] = true;
    }
    PolicyModel.Sequences seq = run.policy.sequences(images, texts, tokens, lengths, include);
    float[] ones = new float[seq.tokens()];
    float[] w = new float[seq.tokens()];
    Arrays.fill(ones, 1f);
    Arrays.fill(w, (float) (1.0 / total));
    return new MicroBatch(seq, ones, w, null, null);
  }
}

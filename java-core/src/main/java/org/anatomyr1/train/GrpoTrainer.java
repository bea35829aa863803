// The GRPO-family trainer (grpo, dapo, gpg, dr_grpo): per step the curriculum picks prompts,
// GDQA (or plain copies) makes G members per group, the policy samples them, rewards and group
// advantages follow (with DAPO dynamic sampling and GPG alpha), then the chunked policy update,
// curriculum feedback, metrics.jsonl, checkpoints and final/.
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.anatomyr1.curriculum.PromptScheduler;
import org.anatomyr1.curriculum.SchedulerMetrics;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.gdqa.Variant;
import org.anatomyr1.gdqa.VariantGroup;
import org.anatomyr1.gdqa.VariantGroupBuilder;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.torchinterop.HostTensors;
import org.anatomyr1.rl.AccuracyReward;
import org.anatomyr1.rl.Algorithm;
import org.anatomyr1.rl.FormatReward;
import org.anatomyr1.rl.RewardInput;
import org.anatomyr1.rl.SoftOverlongPenalty;
import org.anatomyr1.rl.WeightedRewards;
import org.anatomyr1.rollout.Generator;
import org.anatomyr1.rollout.SamplingSettings;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class GrpoTrainer {
  private final TrainConfig config;
  private final Algorithm algo;
  private final int g;
  private RunSetup run;
  private TrainingData data;
  private PromptScheduler scheduler;
  private VariantGroupBuilder builder;
  private WeightedRewards rewards;
  private Qwen25VlModel reference;

  private GrpoTrainer(TrainConfig config) {
    this.config = config;
    this.algo = AlgorithmOverrides.resolve(config);
    this.g = algo.groupSize();
  }

  /** Trains as configured and returns the run directory (metrics.jsonl, checkpoints/, final/). */
  public static Path run(TrainConfig config) {
    return new GrpoTrainer(config).train();
  }

  /** One rolled-out group: G members of one prompt, their completions and rewards. */
  // local: generated on this rank (members, images, tokens set); otherwise only the outcome is known here
  private record Group(VqaSample item, List<Variant> members, List<RgbImage> images, long[][] tokens, int[] lengths,
      boolean[] truncated, double[] reward, Map<String, double[]> perFunction, boolean local) {
    boolean zeroVariance() {
      for (double r : reward) if (r != reward[0]) return false;
      return true;
    }

    double mean(String fn) {
      return Arrays.stream(perFunction.get(fn)).average().orElse(0);
    }
  }

  @SuppressWarnings("try")
  private Path train() {
    RunSetup.checkDevice(config.requireInputs());
    data = TrainingData.load(config); // bad data (--strict) is refused before the run directory is touched
    run = new RunSetup(config, config.steps());
    scheduler = data.scheduler(config);
    run.restoreScheduler(scheduler); // a bad scheduler state names the checkpoint's state.json
    builder = new VariantGroupBuilder(config.gdqa()
        ? gdqaConfig()
        : new VariantGroupBuilder.Config(g, 1, 1, false, List.of(), List.of(), config.seed()));
    List<WeightedRewards.Term> terms = new ArrayList<>();
    terms.add(new WeightedRewards.Term(new AccuracyReward(), config.rewardAccuracy()));
    terms.add(new WeightedRewards.Term(new FormatReward(), config.rewardFormat()));
    int buffer = config.overlongBuffer() > 0 ? config.overlongBuffer()
        : algo.name().equals("dapo") ? Math.max(1, config.maxCompletionTokens() / 4) : 0;
    if (buffer > 0) {
      terms.add(new WeightedRewards.Term(new SoftOverlongPenalty(config.maxCompletionTokens(),
          Math.min(buffer, config.maxCompletionTokens())), 1.0));
    }
    rewards = new WeightedRewards(terms);
    // the reference policy is the starting model, also when resuming from a checkpoint
    // with LoRA the reference is the same model with the adapters switched off
    if (algo.loss().beta() > 0 && run.policy.lora() == null) {
      reference = Qwen25VlModel.load(config.model(), run.policy.model().compute());
    }

    DataParallel.evenShard("batch", config.batch(), run.collective); // fails early naming batch and world size
    boolean writer = DataParallel.writes(run.collective);
    ProgressBar bar = config.progress() && writer
        ? new ProgressBarBuilder().setTaskName(algo.name()).setInitialMax(config.steps()).build() : null;
    try {
      if (bar != null) bar.stepTo(run.firstStep());
      for (int s = run.firstStep(); s < config.steps(); s++) {
        Map<String, Object> m;
        try (PointerScope scope = new PointerScope()) { // the step's temporaries; weights and moments live outside
          m = step(s);
        }
        if (writer) run.metrics.write(m);
        if (run.collective.worldSize() > 1) { // rank 0 decides the curriculum state; the others take it
          String decided = run.collective.broadcast(scheduler.stateJson(), 0);
          if (!decided.equals(scheduler.stateJson())) scheduler.restore(decided);
        }
        if (bar != null) {
          bar.step();
          bar.setExtraMessage("reward " + String.format("%.3f", (Double) m.get("reward_mean")));
        }
        int done = s + 1;
        if (config.checkpointEvery() > 0 && done % config.checkpointEvery() == 0 && done < config.steps()) {
          run.collective.barrier(); // every rank has finished the step before rank 0's checkpoint
          if (writer) Checkpoints.save(run, done, scheduler.stateJson());
        }
      }
    } finally {
      if (bar != null) bar.close();
    }
    run.saveFinal();
    run.policy.close();
    return run.runDir;
  }

  private VariantGroupBuilder.Config gdqaConfig() {
    VariantGroupBuilder.Config d = VariantGroupBuilder.Config.defaults(g, config.gdqaTransforms(), config.seed());
    int k = config.gdqaText() == null ? d.textVariants() : config.gdqaText();
    int m = config.gdqaImage() == null ? (g + k - 1) / k : config.gdqaImage();
    return new VariantGroupBuilder.Config(g, k, m, true, d.textRewriters(), config.gdqaTransforms(), config.seed());
  }

  private Map<String, Object> step(int s) {
    int b = config.batch();
    long t0 = System.nanoTime();
    double[] rewardTime = {0};
    List<Group> kept = new ArrayList<>();
    List<Group> dropped = new ArrayList<>();
    List<VqaSample> prompts = scheduler.next(b);
    int rounds = algo.dynamicSampling() ? algo.maxResampleRounds() : 0;
    long generated = 0;
    SampledGroupStats sampled = new SampledGroupStats(); // every group as first sampled, before any drop
    List<VqaSample> observed = new ArrayList<>();
    List<Double> observedAcc = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      List<Group> groups = rollout(prompts, s, round, rewardTime);
      for (int i = 0; i < groups.size(); i++) {
        Group gr = groups.get(i);
        observed.add(prompts.get(i));
        observedAcc.add(gr.mean("accuracy"));
        sampled.add(gr.item().category(), gr.reward(), gr.perFunction().get("accuracy"), gr.item().difficulty());
        generated += Arrays.stream(gr.lengths()).sum();
      }
      for (Group gr : groups) (algo.dynamicSampling() && gr.zeroVariance() ? dropped : kept).add(gr);
      if (!algo.dynamicSampling() || kept.size() >= b) break;
      if (round < rounds) prompts = scheduler.next(b - kept.size());
    }
    // the curriculum learns once per optimizer step, from every prompt sampled in it (the paper's rule)
    scheduler.observe(observed, observedAcc.stream().mapToDouble(Double::doubleValue).toArray());
    // after the last resampling round the batch is completed with zero-variance groups (ms-swift)
    while (kept.size() < b && !dropped.isEmpty()) kept.add(dropped.remove(0));
    if (kept.size() > b) kept = new ArrayList<>(kept.subList(0, b));
    double rolloutTime = (System.nanoTime() - t0) / 1e9 - rewardTime[0];

    long t1 = System.nanoTime();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", s + 1);
    Update u = update(kept, s);
    double updateTime = (System.nanoTime() - t1) / 1e9;

    double[] all = kept.stream().flatMapToDouble(x -> Arrays.stream(x.reward())).toArray();
    double mean = Arrays.stream(all).average().orElse(0);
    double var = Arrays.stream(all).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, all.length - 1);
    m.put("reward_mean", mean);
    m.put("reward_std", Math.sqrt(var));
    for (String fn : kept.get(0).perFunction().keySet()) {
      m.put("reward/" + fn + "_mean", kept.stream().mapToDouble(x -> x.mean(fn)).average().orElse(0));
    }
    // as first sampled (all rounds, before DAPO drops); the trained batch's share stays as *_trained
    m.put("zero_variance_fraction", sampled.zeroVarianceFraction());
    m.put("zero_variance_fraction_trained", u.zeroVarianceFraction);
    m.put("groups_sampled", sampled.groups());
    m.put("invalid_gradient_ratio", sampled.invalidGradientRatioAll());
    for (var e : sampled.invalidGradientRatio().entrySet()) m.put("invalid_gradient_ratio/" + e.getKey(), e.getValue());
    m.put("curriculum_sq_mean", kept.stream().filter(x -> x.item().difficulty() != null)
        .mapToDouble(x -> x.item().difficulty()).average().orElse(Double.NaN)); // Figure 5: S(q) of the trained prompts
    m.put("kl", u.tokens == 0 ? 0.0 : u.klSum / u.tokens);
    m.put("clip_fraction", u.tokens == 0 ? 0.0 : u.clippedSum / u.tokens);
    m.put("entropy", u.tokens == 0 ? 0.0 : u.entropySum / u.tokens);
    m.put("completion_length_mean", kept.stream().flatMapToInt(x -> Arrays.stream(x.lengths())).average().orElse(0));
    m.put("gpg_alpha", u.alpha);
    SchedulerMetrics sm = scheduler.metrics();
    m.put("curriculum_bin", sm.bin());
    m.put("curriculum_sq_min", sm.sMin());
    m.put("curriculum_sq_max", sm.sMax());
    m.put("rollout_tokens_per_s", rolloutTime > 0 ? generated / rolloutTime : 0.0);
    m.put("time_rollout_s", rolloutTime);
    m.put("time_reward_s", rewardTime[0]);
    m.put("time_update_s", updateTime);
    m.put("loss", u.loss);
    m.put("lr", u.outcome.lr());
    m.put("grad_norm", u.outcome.gradNorm());
    m.put("skipped", u.outcome.skipped());
    if (run.collective.worldSize() > 1) m.put("time_allreduce_s", GradientBuckets.takeSeconds());
    return m;
  }

  /** Samples G completions for each prompt (GDQA variants or plain copies) and scores them. */
  private List<Group> rollout(List<VqaSample> allPrompts, int step, int round, double[] rewardTime) {
    SamplingSettings sampling = new SamplingSettings(algo.temperature(), algo.topK(), algo.topP(), 1.0,
        mix(config.seed(), step, round));
    // data parallel: this rank generates its contiguous share of the prompts; row k of the round
    // draws from the k-th stream split off the round's seed, whichever rank generates it
    DataParallel.Shard shard = DataParallel.shard(allPrompts.size(), run.collective);
    List<VqaSample> prompts = allPrompts.subList(shard.from(), shard.to());
    java.util.SplittableRandom streams = new java.util.SplittableRandom(sampling.seed());
    java.util.SplittableRandom[] rowRandom = new java.util.SplittableRandom[prompts.size() * g];
    for (int k = 0; k < shard.to() * g; k++) {
      java.util.SplittableRandom r = streams.split();
      if (k >= shard.from() * g) rowRandom[k - shard.from() * g] = r;
    }
    List<VariantGroup> vgs = new ArrayList<>();
    List<List<RgbImage>> imgs = new ArrayList<>();
    for (VqaSample item : prompts) {
      RgbImage source = data.image(item);
      VariantGroup vg = builder.build(item, source, mix(config.seed(), step, round)); // fresh draws each time
      vgs.add(vg);
      List<RgbImage> gi = new ArrayList<>();
      for (Variant v : vg.variants()) gi.add(v.image() == null ? source : v.image());
      imgs.add(gi);
    }
    Generator.Output out = null;
    if (!prompts.isEmpty()) try (PointerScope scope = new PointerScope()) {
      List<RgbImage> images = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      if (!config.gdqa()) { // identical members: one prompt row, G continuations from one shared prefill
        for (int i = 0; i < prompts.size(); i++) {
          images.add(imgs.get(i).get(0));
          texts.add(QuestionPrompt.render(vgs.get(i).variants().get(0).sample()));
        }
        out = run.policy.generate(run.policy.prompts(images, texts), g, config.maxCompletionTokens(), sampling, rowRandom);
      } else {
        for (int i = 0; i < prompts.size(); i++) {
          for (int j = 0; j < g; j++) {
            images.add(imgs.get(i).get(j));
            texts.add(QuestionPrompt.render(vgs.get(i).variants().get(j).sample()));
          }
        }
        out = run.policy.generate(run.policy.prompts(images, texts), 1, config.maxCompletionTokens(), sampling, rowRandom);
      }
    }
    long t0 = System.nanoTime();
    List<Group> groups = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      long[][] tokens = new long[g][];
      int[] lengths = new int[g];
      boolean[] truncated = new boolean[g];
      double[] total = new double[g];
      Map<String, double[]> per = new LinkedHashMap<>();
      for (int j = 0; j < g; j++) {
        int r = i * g + j;
        tokens[j] = out.tokens()[r];
        lengths[j] = run.policy.usableLength(tokens[j], out.lengths()[r]);
        truncated[j] = lengths[j] == config.maxCompletionTokens() && !run.policy.isStop(tokens[j][lengths[j] - 1]);
        VqaSample v = vgs.get(i).variants().get(j).sample();
        String text = run.policy.decode(tokens[j], lengths[j]);
        WeightedRewards.Scored sc = rewards.score(new RewardInput(text, v.options(), v.answerIndex(), lengths[j],
            truncated[j]));
        total[j] = sc.total();
        for (var e : sc.perFunction().entrySet()) per.computeIfAbsent(e.getKey(), k -> new double[g])[j] = e.getValue();
      }
      groups.add(new Group(prompts.get(i), vgs.get(i).variants(), imgs.get(i), tokens, lengths, truncated, total, per, true));
    }
    rewardTime[0] += (System.nanoTime() - t0) / 1e9;
    if (run.collective.worldSize() == 1) return groups;
    List<GroupOutcomes.Outcome> mine = new ArrayList<>();
    for (Group gr : groups) mine.add(new GroupOutcomes.Outcome(gr.reward(), gr.lengths(), gr.truncated(), gr.perFunction()));
    List<GroupOutcomes.Outcome> all = GroupOutcomes.allGather(mine, run.collective);
    List<Group> global = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      GroupOutcomes.Outcome o = all.get(i);
      global.add(i >= shard.from() && i < shard.to() ? groups.get(i - shard.from())
          : new Group(allPrompts.get(i), null, null, null, o.lengths(), o.truncated(), o.reward(), o.perFunction(), false));
    }
    return global;
  }

  /** Sums of one step's update. */
  private static final class Update {
    double loss, klSum, clippedSum, entropySum, alpha = 1, zeroVarianceFraction;
    long tokens;
    Optimization.Outcome outcome;
  }

  @SuppressWarnings("try")
  private Update update(List<Group> groups, int step) {
    Update u = new Update();
    int rows = groups.size() * g;
    float[] rewardRows = new float[rows];
    int[] lengths = new int[rows];
    boolean[] truncated = new boolean[rows];
    for (int i = 0; i < groups.size(); i++) {
      for (int j = 0; j < g; j++) {
        rewardRows[i * g + j] = (float) groups.get(i).reward()[j];
        lengths[i * g + j] = groups.get(i).lengths()[j];
        truncated[i * g + j] = groups.get(i).truncated()[j];
      }
    }
    GroupWeights gw = GroupWeights.of(algo, g, rewardRows, lengths, truncated, config.maxCompletionTokens());
    u.zeroVarianceFraction = (double) gw.zeroVarianceGroups() / groups.size();
    u.alpha = gw.alpha();
    float[] adv = gw.advantages();
    boolean[] include = gw.include();
    double[] w = gw.weights();

    // micro-batches of whole groups of this rank; the weights above already normalise over the global batch
    List<Integer> local = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) if (groups.get(i).local()) local.add(i);
    int parts = Math.min(config.gradAccum(), local.size());
    List<Micro> micros = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      micros.add(micro(groups, local.subList(local.size() * p / parts, local.size() * (p + 1) / parts), include, adv, w));
    }
    float tau = algo.temperature();
    for (Micro mi : micros) {
      if (mi.seq.tokens() == 0) continue;
      if (config.numIterations() > 1) mi.old = LogprobPass.logprobs(run.policy.model(), mi.seq, tau, config.logitsChunk());
      if (algo.loss().beta() > 0) mi.ref = referenceLogprobs(mi.seq, tau);
    }
    for (int it = 0; it < config.numIterations(); it++) {
      Optimization opt = run.optimization;
      opt.begin();
      boolean finite = true;
      Update pass = new Update();
      for (Micro mi : micros) {
        if (mi.seq.tokens() == 0) continue;
        try (PointerScope scope = new PointerScope()) {
          Qwen25VlModel model = run.policy.model();
          Tensor hidden = PolicyModel.completionHidden(model, mi.seq); // [N, H]
          var dev = model.compute().torchDevice();
          ChunkedPolicyLoss.TokenInputs in = new ChunkedPolicyLoss.TokenInputs(
              HostTensors.longs(mi.seq.targets(), mi.seq.tokens()).to(dev, ScalarType.Long),
              mi.old == null ? null : mi.old.to(dev, ScalarType.Float),
              mi.ref == null ? null : mi.ref.to(dev, ScalarType.Float),
              HostTensors.floats(mi.adv, mi.adv.length).to(dev, ScalarType.Float),
              HostTensors.floats(mi.weights, mi.weights.length).to(dev, ScalarType.Float));
          ChunkedPolicyLoss.Result r = ChunkedPolicyLoss.lossAndHiddenGrad(hidden,
              model.weights().get("lm_head.weight"), in, algo.loss(), config.logitsChunk(), opt.headGrad(), it == 0);
          if (!r.stats().finite()) {
            finite = false;
            continue;
          }
          ChunkedPolicyLoss.backward(hidden, r.gradHidden());
          pass.loss += r.stats().loss();
          pass.klSum += r.stats().klSum();
          pass.clippedSum += r.stats().clippedSum();
          pass.entropySum += r.stats().entropySum();
          pass.tokens += r.stats().tokens();
        }
      }
      Optimization.Outcome o = opt.finish(step, finite);
      if (run.collective.worldSize() > 1) { // the step's sums over all ranks
        double[] t = DataParallel.sum(new double[] {pass.loss, pass.klSum, pass.clippedSum, pass.entropySum, pass.tokens,
            finite ? 0 : 1}, run.collective);
        pass.loss = t[0];
        pass.klSum = t[1];
        pass.clippedSum = t[2];
        pass.entropySum = t[3];
        pass.tokens = (long) t[4];
        finite = t[5] == 0;
      }
      if (it == 0) {
        u.loss = finite ? pass.loss : Double.NaN;
        u.klSum = pass.klSum;
        u.clippedSum = pass.clippedSum;
        u.entropySum = pass.entropySum;
        u.tokens = pass.tokens;
        u.outcome = o;
      } else if (o.skipped()) {
        u.outcome = o;
      }
    }
    return u;
  }

  private Tensor referenceLogprobs(PolicyModel.Sequences seq, float tau) {
    LoraAdapters lora = run.policy.lora();
    if (lora == null) return LogprobPass.logprobs(reference, seq, tau, config.logitsChunk());
    lora.setEnabled(false);
    try {
      return LogprobPass.logprobs(run.policy.model(), seq, tau, config.logitsChunk());
    } finally {
      lora.setEnabled(true);
    }
  }

  /** One micro-batch: its training sequences and per-token advantages and weights. */
  private static final class Micro {
    PolicyModel.Sequences seq;
    float[] adv, weights;
    Tensor old, ref;
  }

  private Micro micro(List<Group> groups, List<Integer> which, boolean[] include, float[] adv, double[] w) {
    List<RgbImage> images = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    int n = which.size() * g;
    long[][] tokens = new long[n][];
    int[] lengths = new int[n];
    boolean[] inc = new boolean[n];
    for (int q = 0; q < which.size(); q++) {
      int i = which.get(q);
      Group gr = groups.get(i);
      for (int j = 0; j < g; j++) {
        int r = q * g + j;
        images.add(gr.images().get(j));
        texts.add(QuestionPrompt.render(gr.members().get(j).sample()));
        tokens[r] = gr.tokens()[j];
        lengths[r] = gr.lengths()[j];
        inc[r] = include[i * g + j];
      }
    }
    Micro m = new Micro();
    m.seq = run.policy.sequences(images, texts, tokens, lengths, inc);
    m.adv = new float[m.seq.tokens()];
    m.weights = new float[m.seq.tokens()];
    for (int k = 0; k < m.seq.tokens(); k++) {
      int r = which.get(m.seq.tokenRow()[k] / g) * g + m.seq.tokenRow()[k] % g;
      m.adv[k] = adv[r];
      m.weights[k] = (float) w[r];
    }
    return m;
  }

  /** A sampling seed per (run seed, step, resampling round): stateless, so a resumed run draws the same. */
  static long mix(long seed, int step, int round) {
    long h = seed * 0x9E3779B97F4A7C15L + step;
    h = h * 0xBF58476D1CE4E5B9L + round;
    return h ^ (h >>> 31);
  }
}

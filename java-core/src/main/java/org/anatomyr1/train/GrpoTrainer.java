// The GRPO-family trainer (grpo, dapo, gpg, dr_grpo). One step is a one-way pipeline:
//   curriculum picks B prompts
//   -> Rollout (G members per prompt, GDQA variants or plain copies; prompts encoded once; sampling)
//   -> Rewards.score                       } repeated by DynamicSampling (DAPO / GPG) while groups
//                                          } have zero variance
//   -> curriculum feedback (every sampled prompt)
//   -> rl.GroupAdvantages (group-normalised advantages, overlong filter, aggregation weights, GPG alpha)
//   -> PolicyUpdate (micro-batches of the rollout's rows, chunked fused loss, backward, optimizer)
//   -> StepMetrics (one metrics.jsonl line)
// TrainingLoop runs the steps (progress, checkpoints, resume, final/, closing).
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.anatomyr1.curriculum.PromptScheduler;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.rl.Algorithm;
import org.anatomyr1.rl.GroupAdvantages;

public final class GrpoTrainer {
  private final TrainConfig config;
  private final Algorithm algo;
  private final RunSetup run;
  private final PromptScheduler scheduler;
  private final Rollout rollout;
  private final Rewards rewards;
  private final DynamicSampling sampling;
  private final ReferencePolicy reference;
  private final PolicyUpdate update;

  private GrpoTrainer(TrainConfig config, Algorithm algo, TrainingData data, RunSetup run) {
    this.config = config;
    this.algo = algo;
    this.run = run;
    this.scheduler = data.scheduler(config);
    run.restoreScheduler(scheduler); // a bad scheduler state names the checkpoint's state.json
    this.rollout = new Rollout(config, algo, run.policy, data, run.collective);
    this.rewards = new Rewards(Rewards.terms(config, algo), run.policy::decode, run.collective);
    this.sampling = new DynamicSampling(algo.dynamicSampling(), algo.maxResampleRounds(), config.batch());
    this.reference = ReferencePolicy.of(config, algo.loss().beta(), run.policy);
    this.update = new PolicyUpdate(run, algo.loss(), config.logitsChunk());
  }

  /** Trains as configured and returns the run directory (metrics.jsonl, checkpoints/, final/). */
  public static Path run(TrainConfig config) {
    Algorithm algo = AlgorithmOverrides.resolve(config);
    RunSetup.checkDevice(config.requireInputs());
    TrainingData data = TrainingData.load(config); // bad data (--strict) is refused before the run directory is touched
    RunSetup run = new RunSetup(config, config.steps());
    GrpoTrainer t = TrainingLoop.build(run, () -> {
      DataParallel.evenShard("batch", config.batch(), run.collective); // fails early naming batch and world size
      return new GrpoTrainer(config, algo, data, run);
    });
    return TrainingLoop.run(run, new TrainingLoop.Spec(algo.name(), config.steps(), t::step, t::agreeOnCurriculum,
        t.scheduler::stateJson, m -> "reward " + String.format("%.3f", (Double) m.get("reward_mean"))),
        t.owned());
  }

  /** What this trainer owns and closes after final/: the reference model, the policy, its LoRA adapters, AdamW. */
  private List<AutoCloseable> owned() {
    List<AutoCloseable> owned = new ArrayList<>();
    owned.add(reference);
    owned.add(run.policy);
    owned.add(run.policy.lora());
    owned.add(run.optimization.adam());
    return owned;
  }

  /** One optimizer step, stage by stage; returns its metrics line. */
  private Map<String, Object> step(int s) {
    DynamicSampling.Result sampled = sampling.run(scheduler.next(config.batch()),
        (prompts, round) -> rewards.score(rollout.generate(prompts, s, round)), scheduler::next);
    // the curriculum learns once per optimizer step, from every prompt sampled in it (the paper's rule)
    scheduler.observe(sampled.observed(), sampled.observedAccuracy());
    long t1 = System.nanoTime();
    List<ScoredGroup> kept = sampled.kept();
    GroupMicroBatches.Rows rows = GroupMicroBatches.Rows.of(kept, algo.groupSize());
    GroupAdvantages adv = GroupAdvantages.of(algo, algo.groupSize(), rows.rewards(), rows.lengths(), rows.truncated(),
        config.maxCompletionTokens());
    List<MicroBatch> micros = withLogprobs(GroupMicroBatches.of(run.policy, kept, algo.groupSize(), adv,
        config.gradAccum()));
    PolicyUpdate.Result u = update.run(micros, s, config.numIterations(), true);
    double updateSeconds = (System.nanoTime() - t1) / 1e9;
    Double allreduce = run.collective.worldSize() > 1 ? GradientBuckets.takeSeconds() : null;
    return StepMetrics.of(s, sampled, adv, u, scheduler.metrics(), updateSeconds, allreduce).toMap();
  }

  /** The old policy's log-probs (num_iterations > 1) and the reference's (KL term) for each micro-batch. */
  private List<MicroBatch> withLogprobs(List<MicroBatch> micros) {
    float tau = algo.temperature();
    List<MicroBatch> out = new ArrayList<>();
    for (MicroBatch mi : micros) {
      if (mi.seq().tokens() == 0) {
        out.add(mi);
        continue;
      }
      var old = config.numIterations() > 1 ? LogprobPass.logprobs(run.policy.model(), mi.seq(), tau, config.logitsChunk())
          : null;
      var ref = reference == null ? null : reference.logprobs(mi.seq(), tau, config.logitsChunk());
      out.add(mi.withLogprobs(old, ref));
    }
    return out;
  }

  /** Rank 0 decides the curriculum state; the other ranks take it. */
  private void agreeOnCurriculum() {
    if (run.collective.worldSize() == 1) return;
    String decided = run.collective.broadcast(scheduler.stateJson(), 0);
    if (!decided.equals(scheduler.stateJson())) scheduler.restore(decided);
  }
}

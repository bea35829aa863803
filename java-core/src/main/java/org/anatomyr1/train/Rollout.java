// Stage 1 of a GRPO step: for each prompt of this rank's share, G members (GDQA variants or plain
// copies), their prompt rows encoded once, and G sampled completions. Plain copies share one
// prompt row and one prefill; GDQA members are a row each. Seeds are stateless per (run seed,
// step, round) and row k draws from the k-th stream whichever rank generates it.
package org.anatomyr1.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.dist.Collective;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.gdqa.Variant;
import org.anatomyr1.gdqa.VariantGroup;
import org.anatomyr1.gdqa.VariantGroupBuilder;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.rl.Algorithm;
import org.anatomyr1.rollout.EncodedPrompt;
import org.anatomyr1.rollout.Generator;
import org.anatomyr1.rollout.SamplingSettings;
import org.bytedeco.javacpp.PointerScope;

final class Rollout {
  private final PolicyModel policy;
  private final TrainingData data;
  private final VariantGroupBuilder builder;
  private final Algorithm algo;
  private final Collective collective;
  private final long seed;
  private final boolean gdqa;
  private final int maxCompletionTokens;

  Rollout(TrainConfig config, Algorithm algo, PolicyModel policy, TrainingData data, Collective collective) {
    this.policy = policy;
    this.data = data;
    this.algo = algo;
    this.collective = collective;
    this.seed = config.seed();
    this.gdqa = config.gdqa();
    this.maxCompletionTokens = config.maxCompletionTokens();
    this.builder = new VariantGroupBuilder(gdqa ? gdqaConfig(config, algo.groupSize())
        : new VariantGroupBuilder.Config(algo.groupSize(), 1, 1, false, List.of(), List.of(), config.seed()));
  }

  private static VariantGroupBuilder.Config gdqaConfig(TrainConfig config, int g) {
    VariantGroupBuilder.Config d = VariantGroupBuilder.Config.defaults(g, config.gdqaTransforms(), config.seed());
    int k = config.gdqaText() == null ? d.textVariants() : config.gdqaText();
    int m = config.gdqaImage() == null ? (g + k - 1) / k : config.gdqaImage();
    return new VariantGroupBuilder.Config(g, k, m, true, d.textRewriters(), config.gdqaTransforms(), config.seed());
  }

  /** Builds the members of this rank's share of {@code allPrompts} and samples G completions for each. */
  RolloutBatch generate(List<VqaSample> allPrompts, int step, int round) {
    int g = algo.groupSize();
    SamplingSettings sampling = new SamplingSettings(algo.temperature(), algo.topK(), algo.topP(), 1.0,
        mix(seed, step, round));
    DataParallel.Shard shard = DataParallel.shard(allPrompts.size(), collective);
    List<VqaSample> prompts = allPrompts.subList(shard.from(), shard.to());
    SplittableRandom[] rowRandom = rowStreams(sampling.seed(), shard, g);
    List<List<VqaSample>> members = new ArrayList<>();
    List<List<RgbImage>> images = new ArrayList<>();
    for (VqaSample item : prompts) {
      RgbImage source = data.image(item);
      VariantGroup vg = builder.build(item, source, mix(seed, step, round)); // fresh draws each time
      List<VqaSample> ms = new ArrayList<>();
      List<RgbImage> is = new ArrayList<>();
      for (Variant v : vg.variants()) {
        ms.add(v.sample());
        is.add(v.image() == null ? source : v.image());
      }
      members.add(ms);
      images.add(is);
    }
    List<List<EncodedPrompt>> rows = encode(members, images);
    Generator.Output out = prompts.isEmpty() ? null : sample(rows, sampling, rowRandom);
    List<RolloutGroup> groups = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) groups.add(group(prompts.get(i), members.get(i), rows.get(i), out, i * g));
    return new RolloutBatch(allPrompts, shard, groups);
  }

  /** Row k of the round (over all ranks) draws from the k-th stream split off the round's seed. */
  private static SplittableRandom[] rowStreams(long roundSeed, DataParallel.Shard shard, int g) {
    SplittableRandom streams = new SplittableRandom(roundSeed);
    SplittableRandom[] rowRandom = new SplittableRandom[shard.size() * g];
    for (int k = 0; k < shard.to() * g; k++) {
      SplittableRandom r = streams.split();
      if (k >= shard.from() * g) rowRandom[k - shard.from() * g] = r;
    }
    return rowRandom;
  }

  /** [groups][G] encoded prompt rows; plain copies share one row (encoded once per group). */
  private List<List<EncodedPrompt>> encode(List<List<VqaSample>> members, List<List<RgbImage>> images) {
    List<RgbImage> is = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    int perGroup = gdqa ? algo.groupSize() : 1;
    for (int i = 0; i < members.size(); i++) {
      for (int j = 0; j < perGroup; j++) {
        is.add(images.get(i).get(j));
        texts.add(QuestionPrompt.render(members.get(i).get(j)));
      }
    }
    List<EncodedPrompt> flat = is.isEmpty() ? List.of() : policy.encode(is, texts);
    List<List<EncodedPrompt>> rows = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      List<EncodedPrompt> group = new ArrayList<>();
      for (int j = 0; j < algo.groupSize(); j++) group.add(flat.get(gdqa ? i * perGroup + j : i));
      rows.add(group);
    }
    return rows;
  }

  /** Samples: one row per GDQA member, or one row per group with G continuations of a shared prefill. */
  @SuppressWarnings("try")
  private Generator.Output sample(List<List<EncodedPrompt>> rows, SamplingSettings sampling,
      SplittableRandom[] rowRandom) {
    List<EncodedPrompt> batch = new ArrayList<>();
    for (List<EncodedPrompt> group : rows) {
      if (gdqa) batch.addAll(group);
      else batch.add(group.get(0));
    }
    try (PointerScope scope = new PointerScope()) {
      return policy.generate(policy.prompts(batch), gdqa ? 1 : algo.groupSize(), maxCompletionTokens, sampling,
          rowRandom);
    }
  }

  private RolloutGroup group(VqaSample item, List<VqaSample> members, List<EncodedPrompt> rows, Generator.Output out,
      int firstRow) {
    int g = algo.groupSize();
    long[][] tokens = new long[g][];
    int[] lengths = new int[g];
    boolean[] truncated = new boolean[g];
    for (int j = 0; j < g; j++) {
      tokens[j] = out.tokens()[firstRow + j];
      lengths[j] = policy.usableLength(tokens[j], out.lengths()[firstRow + j]);
      truncated[j] = lengths[j] == maxCompletionTokens && !policy.isStop(tokens[j][lengths[j] - 1]);
    }
    return new RolloutGroup(item, members, rows, tokens, lengths, truncated);
  }

  /** A sampling seed per (run seed, step, resampling round): stateless, so a resumed run draws the same. */
  static long mix(long seed, int step, int round) {
    long h = seed * 0x9E3779B97F4A7C15L + step;
    h = h * 0xBF58476D1CE4E5B9L + round;
    return h ^ (h >>> 31);
  }
}

// The GRPO update's input: the trained groups as micro-batches of whole groups of this rank
// (grad_accum parts), each row the member's prompt as encoded at rollout plus its completion, and
// each token carrying its completion's advantage and weight from rl.GroupAdvantages.
package org.anatomyr1.train;

import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.rl.GroupAdvantages;
import org.anatomyr1.rollout.EncodedPrompt;

final class GroupMicroBatches {
  private GroupMicroBatches() {}

  /** Rewards, lengths and truncation of {@code groups} as [B*G] rows, groups contiguous. */
  record Rows(float[] rewards, int[] lengths, boolean[] truncated) {
    static Rows of(List<ScoredGroup> groups, int g) {
      int rows = groups.size() * g;
      float[] rewards = new float[rows];
      int[] lengths = new int[rows];
      boolean[] truncated = new boolean[rows];
      for (int i = 0; i < groups.size(); i++) {
        for (int j = 0; j < g; j++) {
          rewards[i * g + j] = (float) groups.get(i).reward()[j];
          lengths[i * g + j] = groups.get(i).lengths()[j];
          truncated[i * g + j] = groups.get(i).truncated()[j];
        }
      }
      return new Rows(rewards, lengths, truncated);
    }
  }

  /** The local groups split into at most {@code parts} micro-batches (the weights already span the global batch). */
  static List<MicroBatch> of(PolicyModel policy, List<ScoredGroup> groups, int g, GroupAdvantages adv, int parts) {
    List<Integer> local = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) if (groups.get(i).local()) local.add(i);
    int n = Math.min(parts, local.size());
    List<MicroBatch> micros = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      micros.add(micro(policy, groups, local.subList(local.size() * p / n, local.size() * (p + 1) / n), g, adv));
    }
    return micros;
  }

  private static MicroBatch micro(PolicyModel policy, List<ScoredGroup> groups, List<Integer> which, int g,
      GroupAdvantages adv) {
    int n = which.size() * g;
    List<EncodedPrompt> prompts = new ArrayList<>();
    long[][] tokens = new long[n][];
    int[] lengths = new int[n];
    boolean[] include = new boolean[n];
    for (int q = 0; q < which.size(); q++) {
      int i = which.get(q);
      RolloutGroup gr = groups.get(i).rollout();
      for (int j = 0; j < g; j++) {
        int r = q * g + j;
        prompts.add(gr.prompts().get(j));
        tokens[r] = gr.tokens()[j];
        lengths[r] = gr.lengths()[j];
        include[r] = adv.include()[i * g + j];
      }
    }
    PolicyModel.Sequences seq = policy.sequences(prompts, tokens, lengths, include);
    float[] a = new float[seq.tokens()];
    float[] w = new float[seq.tokens()];
    for (int k = 0; k < seq.tokens(); k++) {
      int r = which.get(seq.tokenRow()[k] / g) * g + seq.tokenRow()[k] % g;
      a[k] = adv.advantages()[r];
      w[k] = (float) adv.weights()[r];
    }
    return new MicroBatch(seq, a, w, null, null);
  }
}

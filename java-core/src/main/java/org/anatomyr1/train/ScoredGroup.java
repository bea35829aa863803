// A group after the rewards: per-member totals and per-function scores. {@code rollout} is the
// group as generated on this rank, or null for a group another rank generated (only its outcome
// is known here, enough for advantages, curriculum feedback and metrics).
package org.anatomyr1.train;

import java.util.Arrays;
import java.util.Map;
import org.anatomyr1.data.VqaSample;

/**
 * @param lengths [G] completion lengths
 * @param truncated [G] stopped at the token limit
 * @param reward [G] weighted total reward of each member
 * @param perFunction reward name -> [G] unweighted scores
 */
record ScoredGroup(VqaSample item, RolloutGroup rollout, int[] lengths, boolean[] truncated, double[] reward,
    Map<String, double[]> perFunction) {

  boolean local() {
    return rollout != null;
  }

  /** Every member got the same reward: the group has no advantage signal. */
  boolean zeroVariance() {
    for (double r : reward) if (r != reward[0]) return false;
    return true;
  }

  double mean(String fn) {
    return Arrays.stream(perFunction.get(fn)).average().orElse(0);
  }
}

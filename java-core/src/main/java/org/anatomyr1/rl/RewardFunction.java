// One named reward (verl core_algos style: small named functions in a registry).
package org.anatomyr1.rl;

public interface RewardFunction {
  /** Registry name, e.g. "accuracy". */
  String name();

  /** The reward of one completion. */
  double score(RewardInput input);
}

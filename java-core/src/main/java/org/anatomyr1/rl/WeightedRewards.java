// The total reward of a completion: sum_k w_k r_k over the configured functions, keeping each
// function's value so that it can be logged on its own.
package org.anatomyr1.rl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class WeightedRewards {
  /** One function and its weight. */
  public record Term(RewardFunction function, double weight) {
    public Term {
      if (!Double.isFinite(weight)) throw new IllegalArgumentException("reward weight must be finite, got " + weight);
    }
  }

  /** The total and each function's unweighted value, by name. */
  public record Scored(double total, Map<String, Double> perFunction) {}

  private final List<Term> terms;

  public WeightedRewards(List<Term> terms) {
    if (terms.isEmpty()) throw new IllegalArgumentException("at least one reward function is needed");
    this.terms = List.copyOf(terms);
  }

  public Scored score(RewardInput input) {
    Map<String, Double> values = new LinkedHashMap<>();
    double total = 0;
    for (Term t : terms) {
      double r = t.function().score(input);
      values.put(t.function().name(), r);
      total += t.weight() * r;
    }
    return new Scored(total, values);
  }
}

// One method's evaluations over several seeds: Pass@1, Avg@k and Major@k each as a mean with a
// 95% confidence interval (ConfidenceInterval: t over the per-seed means), and the per-(seed, item)
// scores that a paired test against another method needs.
package org.anatomyr1.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** @param perSeed the method's evaluation at each seed, in the run's seed order */
public record MethodAcrossSeeds(String method, List<EvalResult> perSeed) {
  public MethodAcrossSeeds {
    if (perSeed.isEmpty()) throw new IllegalArgumentException(method + ": no evaluations");
    perSeed = List.copyOf(perSeed);
  }

  public ConfidenceInterval pass1() {
    return interval(SamplingMetrics::pass1);
  }

  public ConfidenceInterval avgAtK() {
    return interval(SamplingMetrics::avgAtK);
  }

  public ConfidenceInterval majorAtK() {
    return interval(SamplingMetrics::majorAtK);
  }

  public int items() {
    return perSeed.stream().mapToInt(r -> r.predictions().size()).sum();
  }

  private ConfidenceInterval interval(ToDoubleFunction<ItemOutcome> metric) {
    List<double[]> scores = new ArrayList<>();
    for (EvalResult r : perSeed) scores.add(r.predictions().stream().map(Prediction::outcome).mapToDouble(metric).toArray());
    return ConfidenceInterval.of(scores);
  }

  /**
   * This method's and {@code other}'s scores on the same units, seed by seed and item by item (by
   * id); fails when a seed's item sets differ. Returns {this, other}.
   */
  public double[][] pairedScores(MethodAcrossSeeds other, ToDoubleFunction<ItemOutcome> metric) {
    if (other.perSeed.size() != perSeed.size()) {
      throw new IllegalArgumentException(method + " has " + perSeed.size() + " seeds, " + other.method + " " + other.perSeed.size());
    }
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int s = 0; s < perSeed.size(); s++) {
      java.util.Map<String, ItemOutcome> theirs = new java.util.HashMap<>();
      for (Prediction p : other.perSeed.get(s).predictions()) theirs.put(p.id(), p.outcome());
      if (theirs.size() != perSeed.get(s).predictions().size()) {
        throw new IllegalArgumentException("seed #" + s + ": " + method + " and " + other.method + " evaluated different items");
      }
      for (Prediction p : perSeed.get(s).predictions()) {
        ItemOutcome o = theirs.get(p.id());
        if (o == null) throw new IllegalArgumentException("seed #" + s + ": item '" + p.id() + "' missing from " + other.method);
        a.add(metric.applyAsDouble(p.outcome()));
        b.add(metric.applyAsDouble(o));
      }
    }
    return new double[][] {a.stream().mapToDouble(Double::doubleValue).toArray(), b.stream().mapToDouble(Double::doubleValue).toArray()};
  }

  /** Exact McNemar of this method against {@code other} on Pass@1 (greedy, 0/1) over all (seed, item). */
  public PairedTest pairedPass1(MethodAcrossSeeds other) {
    double[][] ab = pairedScores(other, SamplingMetrics::pass1);
    return PairedTest.mcnemar(ab[0], ab[1]);
  }

  /** The same on Major@k (0/1). */
  public PairedTest pairedMajorAtK(MethodAcrossSeeds other) {
    double[][] ab = pairedScores(other, SamplingMetrics::majorAtK);
    return PairedTest.mcnemar(ab[0], ab[1]);
  }
}

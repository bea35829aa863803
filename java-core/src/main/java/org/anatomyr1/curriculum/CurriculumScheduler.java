// The ASC curriculum scheduler (Anatomy-R1, Anatomical Similarity Curriculum): serve prompts from
// the easiest difficulty bin first; move to the next bin once the rolling accuracy on the current
// bin reaches a threshold (the paper's rule). Two opt-in extensions, off by default (the paper
// preset): a step budget that leaves a bin regardless, and replay of a fraction of earlier bins.
package org.anatomyr1.curriculum;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.anatomyr1.data.VqaSample;

public final class CurriculumScheduler implements PromptScheduler {

  /**
   * @param threshold      rolling mean reward that completes a bin, in [0, 1]
   * @param window         rewards averaged (current-bin prompts only), >= 1
   * @param stepBudget     steps after which a bin is left regardless, >= 1; 0 = off (the paper)
   * @param replayFraction probability that a slot is drawn from an earlier bin, in [0, 1)
   */
  public record Config(double threshold, int window, int stepBudget, double replayFraction, long seed) {
    public Config {
      if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("curriculum.threshold must be in [0, 1], got " + threshold);
      if (window < 1) throw new IllegalArgumentException("curriculum.window must be >= 1, got " + window);
      if (stepBudget < 0) throw new IllegalArgumentException("curriculum.stepBudget must be >= 0 (0 = off), got " + stepBudget);
      if (!(replayFraction >= 0 && replayFraction < 1)) {
        throw new IllegalArgumentException("curriculum.replayFraction must be in [0, 1), got " + replayFraction);
      }
    }
  }

  /** Everything that changes while scheduling; serialised as JSON for exact resume. */
  public record State(long step, int currentBin, int stepsInBin, List<Double> window, long rng,
                      int[] epochs, int[] positions, String lastAdvance, List<Integer> visited) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Config config;
  private final List<List<VqaSample>> pools; // [bin][item]
  private final List<EpochSampler> samplers;
  private final double[] sMin;
  private final double[] sMax;
  private final SplitMix64 rng;
  private final Deque<Double> window = new ArrayDeque<>();
  private long step;
  private int current;
  private int stepsInBin;
  private String lastAdvance = "start";
  private final List<Integer> visited = new ArrayList<>();

  /** Items must carry {@code bin} in [0, bins) and {@code difficulty}. */
  public CurriculumScheduler(List<VqaSample> samples, int bins, Config config) {
    this.config = config;
    this.rng = new SplitMix64(config.seed());
    pools = new ArrayList<>();
    for (int b = 0; b < bins; b++) pools.add(new ArrayList<>());
    for (VqaSample s : samples) {
      if (s.bin() == null || s.bin() < 0 || s.bin() >= bins) {
        throw new IllegalArgumentException("item " + s.id() + ": bin " + s.bin() + " not in [0, " + bins + ")");
      }
      pools.get(s.bin()).add(s);
    }
    samplers = new ArrayList<>();
    sMin = new double[bins];
    sMax = new double[bins];
    for (int b = 0; b < bins; b++) {
      samplers.add(new EpochSampler(pools.get(b).size(), config.seed() * 31 + b));
      sMin[b] = pools.get(b).stream().mapToDouble(s -> s.difficulty() == null ? Double.NaN : s.difficulty()).min().orElse(Double.NaN);
      sMax[b] = pools.get(b).stream().mapToDouble(s -> s.difficulty() == null ? Double.NaN : s.difficulty()).max().orElse(Double.NaN);
    }
    current = nextNonEmpty(-1);
    if (current < 0) throw new IllegalArgumentException("curriculum: no items in any bin");
    visited.add(current);
  }

  private int nextNonEmpty(int after) {
    for (int b = after + 1; b < pools.size(); b++) if (!pools.get(b).isEmpty()) return b;
    return -1;
  }

  @Override
  public String name() {
    return "asc";
  }

  public int currentBin() {
    return current;
  }

  public String lastAdvance() {
    return lastAdvance;
  }

  /** Bins served so far, in order (the current one last). */
  public List<Integer> visited() {
    return List.copyOf(visited);
  }

  @Override
  public List<VqaSample> next(int batchSize) {
    List<Integer> earlier = new ArrayList<>();
    for (int b = 0; b < current; b++) if (!pools.get(b).isEmpty()) earlier.add(b);
    List<VqaSample> out = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      int b = current;
      if (config.replayFraction() > 0 && !earlier.isEmpty() && rng.nextDouble() < config.replayFraction()) {
        b = earlier.get(rng.nextInt(earlier.size()));
      }
      out.add(pools.get(b).get(samplers.get(b).next()));
    }
    return out;
  }

  @Override
  public void observe(List<VqaSample> batch, double[] rewards) {
    if (rewards.length != batch.size()) {
      throw new IllegalArgumentException("observe: " + rewards.length + " rewards for " + batch.size() + " prompts");
    }
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).bin() != null && batch.get(i).bin() == current) { // replays do not count
        window.addLast(rewards[i]);
        if (window.size() > config.window()) window.removeFirst();
      }
    }
    step++;
    stepsInBin++;
    int nextBin = nextNonEmpty(current);
    if (nextBin < 0) return; // the hardest bin is the last stage
    if (window.size() == config.window() && rollingMean() >= config.threshold()) {
      advance(nextBin, "threshold");
    } else if (config.stepBudget() > 0 && stepsInBin >= config.stepBudget()) {
      advance(nextBin, "budget");
    }
  }

  private void advance(int to, String why) {
    lastAdvance = why + "@" + step + ":" + current + "->" + to;
    current = to;
    visited.add(to);
    stepsInBin = 0;
    window.clear();
  }

  private double rollingMean() {
    if (window.isEmpty()) return Double.NaN;
    double s = 0;
    for (double r : window) s += r;
    return s / window.size();
  }

  @Override
  public SchedulerMetrics metrics() {
    return new SchedulerMetrics(step, current, pools.size(), sMin[current], sMax[current], rollingMean());
  }

  public State state() {
    int[] epochs = new int[samplers.size()];
    int[] positions = new int[samplers.size()];
    for (int b = 0; b < samplers.size(); b++) {
      epochs[b] = samplers.get(b).epoch;
      positions[b] = samplers.get(b).pos;
    }
    return new State(step, current, stepsInBin, List.copyOf(window), rng.state(), epochs, positions, lastAdvance,
        List.copyOf(visited));
  }

  @Override
  public String stateJson() {
    try {
      return JSON.writeValueAsString(state());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void restore(String json) {
    State s;
    try {
      s = JSON.readValue(json, State.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("curriculum state: not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (s.epochs().length != pools.size() || s.currentBin() < 0 || s.currentBin() >= pools.size()) {
      throw new IllegalArgumentException("curriculum state has " + s.epochs().length + " bins, scheduler has " + pools.size());
    }
    step = s.step();
    current = s.currentBin();
    stepsInBin = s.stepsInBin();
    window.clear();
    window.addAll(s.window());
    rng.setState(s.rng());
    for (int b = 0; b < pools.size(); b++) {
      samplers.get(b).epoch = s.epochs()[b];
      samplers.get(b).pos = s.positions()[b];
    }
    lastAdvance = s.lastAdvance();
    visited.clear();
    if (s.visited() != null) visited.addAll(s.visited());
    else visited.add(current); // state written before visited was recorded
  }
}

// Baseline "static sort" curriculum: all prompts once in ascending S(q) (ties by id), repeated;
// no feedback. Separates the effect of ordering from ASC's reward-driven pacing.
package org.anatomyr1.curriculum;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.anatomyr1.data.VqaSample;

public final class SortedScheduler implements PromptScheduler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<VqaSample> order;
  private int pos;
  private long step;

  public SortedScheduler(List<VqaSample> samples) {
    if (samples.isEmpty()) throw new IllegalArgumentException("sorted scheduler: no items");
    for (VqaSample s : samples) {
      if (s.difficulty() == null) throw new IllegalArgumentException("sorted scheduler: item " + s.id() + " has no difficulty");
    }
    List<VqaSample> o = new ArrayList<>(samples);
    o.sort(Comparator.comparingDouble(VqaSample::difficulty).thenComparing(VqaSample::id));
    order = List.copyOf(o);
  }

  @Override
  public String name() {
    return "sorted";
  }

  @Override
  public List<VqaSample> next(int batchSize) {
    List<VqaSample> out = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      out.add(order.get(pos));
      pos = (pos + 1) % order.size();
    }
    return out;
  }

  @Override
  public void observe(List<VqaSample> batch, double[] rewards) {
    step++;
  }

  @Override
  public SchedulerMetrics metrics() {
    double s = order.get(pos).difficulty();
    return new SchedulerMetrics(step, -1, 0, s, s, Double.NaN);
  }

  record State(long step, int pos) {}

  @Override
  public String stateJson() {
    try {
      return JSON.writeValueAsString(new State(step, pos));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void restore(String json) {
    try {
      State s = JSON.readValue(json, State.class);
      if (s.pos() < 0 || s.pos() >= order.size()) throw new IllegalArgumentException("sorted scheduler state: position " + s.pos() + " out of range");
      step = s.step();
      pos = s.pos();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("sorted scheduler state: not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }
}

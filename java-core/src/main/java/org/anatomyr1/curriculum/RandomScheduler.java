// Baseline without curriculum: prompts in a fresh random order every epoch (what plain GRPO does).
package org.anatomyr1.curriculum;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.data.VqaSample;

public final class RandomScheduler implements PromptScheduler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<VqaSample> pool;
  private final EpochSampler sampler;
  private final double sMin;
  private final double sMax;
  private long step;

  public RandomScheduler(List<VqaSample> samples, long seed) {
    if (samples.isEmpty()) throw new IllegalArgumentException("random scheduler: no items");
    pool = List.copyOf(samples);
    sampler = new EpochSampler(pool.size(), seed);
    sMin = pool.stream().mapToDouble(s -> s.difficulty() == null ? Double.NaN : s.difficulty()).min().orElse(Double.NaN);
    sMax = pool.stream().mapToDouble(s -> s.difficulty() == null ? Double.NaN : s.difficulty()).max().orElse(Double.NaN);
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public List<VqaSample> next(int batchSize) {
    List<VqaSample> out = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) out.add(pool.get(sampler.next()));
    return out;
  }

  @Override
  public void observe(List<VqaSample> batch, double[] rewards) {
    step++;
  }

  @Override
  public SchedulerMetrics metrics() {
    return new SchedulerMetrics(step, -1, 0, sMin, sMax, Double.NaN);
  }

  record State(long step, int epoch, int pos) {}

  @Override
  public String stateJson() {
    try {
      return JSON.writeValueAsString(new State(step, sampler.epoch, sampler.pos));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void restore(String json) {
    try {
      State s = JSON.readValue(json, State.class);
      step = s.step();
      sampler.epoch = s.epoch();
      sampler.pos = s.pos();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("random scheduler state: not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }
}

// Learning rate per optimizer step: linear warm-up from 0, then constant or cosine decay to 0 at
// the last step (the transformers get_cosine_schedule_with_warmup shape).
package org.anatomyr1.train;

public record LrSchedule(double peak, int warmup, int totalSteps, boolean cosine) {
  public LrSchedule {
    if (!(peak >= 0)) throw new IllegalArgumentException("lr must be >= 0, got " + peak);
    if (warmup < 0) throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
    if (totalSteps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + totalSteps);
  }

  /** lr of the optimizer step with 0-based index {@code step}. */
  public double at(int step) {
    if (step < warmup) return peak * (step + 1) / (warmup + 1);
    if (!cosine) return peak;
    double progress = (double) (step - warmup) / Math.max(1, totalSteps - warmup);
    return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
  }
}

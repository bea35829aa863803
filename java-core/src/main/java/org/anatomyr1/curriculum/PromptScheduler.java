// Chooses which prompts the trainer sees next and learns from their rewards: the ASC curriculum
// and its baselines (random order, static sort) share this interface, so runs compare directly.
package org.anatomyr1.curriculum;

import java.util.List;
import org.anatomyr1.data.VqaSample;

public interface PromptScheduler {
  /** Registry-style name recorded in metrics: "asc", "random", "sorted". */
  String name();

  /** The next {@code batchSize} prompts. */
  List<VqaSample> next(int batchSize);

  /** Feedback for the batch just trained: one reward (e.g. mean group accuracy) per prompt. */
  void observe(List<VqaSample> batch, double[] rewards);

  /** Metrics snapshot: current bin and its S(q) range (NaN where meaningless). */
  SchedulerMetrics metrics();

  /** Complete state as JSON; {@link #restore} on a scheduler built from the same data resumes exactly. */
  String stateJson();

  void restore(String json);
}

// The loop both trainers run: steps from the resume point, each in its own PointerScope (the step's
// temporaries; weights and moments live outside), its metrics line written by rank 0, the
// progress bar, the checkpoint cadence behind a barrier, then final/ and closing what the run owns.
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.bytedeco.javacpp.PointerScope;

final class TrainingLoop {
  /**
   * @param task progress bar label
   * @param steps total optimizer steps
   * @param step runs step s (0-based) and returns its metrics line
   * @param afterStep runs on every rank after the line is written (e.g. agreeing on the curriculum state)
   * @param checkpointState the scheduler state saved with a checkpoint ("" without one)
   * @param barMessage the bar's extra text from the metrics line, or null for none
   */
  record Spec(String task, int steps, IntFunction<Map<String, Object>> step, Runnable afterStep,
      Supplier<String> checkpointState, Function<Map<String, Object>, String> barMessage) {}

  private TrainingLoop() {}

  /**
   * Runs every step, saves final/ and closes {@code owned} (in order, also on failure), then the
   * run's own optimizer buffers; returns the run directory.
   */
  static Path run(RunSetup run, Spec spec, List<AutoCloseable> trainerOwned) {
    List<AutoCloseable> owned = new java.util.ArrayList<>(trainerOwned);
    owned.add(run.optimization); // the lm_head gradient buffer, which no trainer lists
    try {
      steps(run, spec);
      run.saveFinal();
    } catch (RuntimeException | Error e) {
      closeAfter(e, owned);
      throw e;
    }
    closeAll(owned);
    return run.runDir;
  }

  /**
   * Builds a trainer on {@code run}. When that fails (a bad scheduler state in the checkpoint, a
   * reference model that does not load, a batch the world size does not divide), the run's policy,
   * LoRA adapters, AdamW, buffers and directory are closed before the error goes on: no trainer owns
   * them yet, and a JVM that runs many trainings (experiments, other JVM trainers) must not keep them.
   */
  static <T> T build(RunSetup run, java.util.function.Supplier<T> trainer) {
    try {
      return trainer.get();
    } catch (RuntimeException | Error e) {
      closeAfter(e, java.util.Arrays.asList(run.policy, run.policy.lora(), run.optimization.adam(), run.optimization, run));
      throw e;
    }
  }

  /** Closes {@code owned} after {@code failure}; a closing error is attached to it, not thrown instead. */
  private static void closeAfter(Throwable failure, List<AutoCloseable> owned) {
    try {
      closeAll(owned);
    } catch (RuntimeException closing) {
      failure.addSuppressed(closing); // the run's own failure is the one to report
    }
  }

  @SuppressWarnings("try")
  private static void steps(RunSetup run, Spec spec) {
    boolean writer = DataParallel.writes(run.collective);
    ProgressBar bar = run.config.progress() && writer
        ? new ProgressBarBuilder().setTaskName(spec.task()).setInitialMax(spec.steps()).build() : null;
    try {
      if (bar != null) bar.stepTo(run.firstStep());
      for (int s = run.firstStep(); s < spec.steps(); s++) {
        Map<String, Object> m;
        try (PointerScope scope = new PointerScope()) {
          m = spec.step().apply(s);
        }
        if (writer) run.metrics.write(m);
        spec.afterStep().run();
        if (bar != null) {
          bar.step();
          if (spec.barMessage() != null) bar.setExtraMessage(spec.barMessage().apply(m));
        }
        int done = s + 1;
        if (run.config.checkpointEvery() > 0 && done % run.config.checkpointEvery() == 0 && done < spec.steps()) {
          run.collective.barrier(); // every rank has finished the step before rank 0's checkpoint
          if (writer) Checkpoints.save(run, done, spec.checkpointState().get());
        }
      }
    } finally {
      if (bar != null) bar.close();
    }
  }

  private static void closeAll(List<AutoCloseable> owned) {
    RuntimeException first = null;
    for (AutoCloseable c : owned) {
      if (c == null) continue;
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) first = new IllegalStateException("closing " + c.getClass().getSimpleName() + ": " + e, e);
      }
    }
    if (first != null) throw first;
  }
}

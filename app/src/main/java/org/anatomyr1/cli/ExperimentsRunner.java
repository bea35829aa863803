// The work of `experiments --seeds N`: for each seed a full replicate (its own synthetic data, tiny
// model init, SFT / CoT-SFT, every RL method from that seed's CoT-SFT model, evaluation on that
// seed's test split) in run/seed-<s>/; then the tables with confidence intervals, the paired test,
// accuracy per S(q) bin, and the paper's Figures 5 and 6 over all seeds, in the run directory.
package org.anatomyr1.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.anatomyr1.eval.EvalResult;
import org.anatomyr1.eval.EvalSettings;
import org.anatomyr1.eval.MethodAcrossSeeds;
import org.anatomyr1.eval.TestItemBins;
import org.anatomyr1.train.GrpoTrainer;
import org.anatomyr1.train.SftTrainer;
import org.anatomyr1.train.TrainConfig;

final class ExperimentsRunner {
  /** What one seed produced: each method's evaluation, the test items' bins, its directory. */
  record SeedRun(long seed, Path dir, Map<String, EvalResult> results, TestItemBins bins, double chance) {}

  private final Path run;
  private final int items;
  private final boolean quick;
  private final int baseSteps;
  private final List<String> overrides;
  private final List<String> chosen;
  private final int jobs;

  ExperimentsRunner(Path run, int items, boolean quick, int baseSteps, List<String> overrides, List<String> chosen, int jobs) {
    if (jobs < 1) throw new IllegalArgumentException("--jobs must be >= 1, got " + jobs);
    this.run = run;
    this.items = items;
    this.quick = quick;
    this.baseSteps = baseSteps;
    this.overrides = List.copyOf(overrides);
    this.chosen = List.copyOf(chosen);
    this.jobs = jobs;
  }

  /**
   * Runs side by side by default: as many as the cores hold at the preset's threads per run (the demo
   * presets train with one thread; 0 = all cores, so one run).
   */
  static int defaultJobs(boolean quick, List<String> overrides) {
    TrainConfig preset = (quick ? TrainConfig.demoQuick() : TrainConfig.demo()).with(overrides.toArray(String[]::new));
    int perRun = org.anatomyr1.model.ComputeThreads.resolve(preset.threads());
    return Math.max(1, Runtime.getRuntime().availableProcessors() / perRun);
  }

  /** The base config of a seed's runs: the demo preset, the seed, its data, then the user's --set. */
  TrainConfig base(long seed, Path dir, EmbeddedDefault d) {
    boolean progress = jobs == 1 && System.console() != null; // bars of runs side by side would interleave
    return (quick ? TrainConfig.demoQuick() : TrainConfig.demo()).with("seed=" + seed, "out=" + dir.toAbsolutePath(),
        "data.train=" + d.trainFile(), "progress=" + progress).with(overrides.toArray(String[]::new));
  }

  /** As the demo: the format-only base model (FormatBase) when baseSteps > 0, else the random model. */
  private Path startingModel(long seed, EmbeddedDefault d, TrainConfig base) {
    if (baseSteps == 0) return d.initModel;
    d.stage("base model, format only (" + baseSteps + " SFT steps on random option labels)");
    return FormatBase.train(d, base, baseSteps, seed);
  }

  /**
   * Every seed's runs on a pool of {@code jobs} worker threads. Runs of one seed depend only on its
   * data, base model and CoT-SFT model, and every run is seeded on its own, so the results do not
   * depend on the order or overlap (ExperimentsJobsTest compares jobs 1 and 2). The demo preset trains
   * with one thread, so on a 2-core machine two runs side by side use the second core.
   */
  List<SeedRun> runAll(List<Long> seeds) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(jobs, r -> {
      Thread t = new Thread(r, "experiments-job");
      t.setDaemon(true); // a failed run must not keep the JVM alive with its siblings
      return t;
    });
    try {
      List<CompletableFuture<SeedRun>> runs = new ArrayList<>();
      for (long seed : seeds) runs.add(seedRun(seed, pool));
      List<SeedRun> out = new ArrayList<>();
      for (CompletableFuture<SeedRun> r : runs) out.add(joined(r));
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One seed's dependency graph: data + base model, then CoT-SFT (every RL method waits for it),
   * S(q) bins, SFT and zero-shot, then every RL method in the registry's order. Each stage queues
   * its dependents itself, in that order (a CompletableFuture would start its dependents in
   * reverse order of registration).
   */
  private CompletableFuture<SeedRun> seedRun(long seed, java.util.concurrent.Executor pool) {
    Path dir = run.resolve("seed-" + seed);
    CompletableFuture<Prepared> prepared = CompletableFuture.supplyAsync(() -> prepare(seed, dir), pool);
    boolean anyRl = chosen.stream().anyMatch(ExperimentsCommand.RL_METHODS::containsKey);
    boolean cotNeeded = chosen.contains("cot-sft") || anyRl;
    CompletableFuture<Path> cot = new CompletableFuture<>();
    CompletableFuture<TestItemBins> bins = new CompletableFuture<>();
    Map<String, CompletableFuture<EvalResult>> results = new LinkedHashMap<>();
    for (String m : ExperimentsCommand.ALL) {
      if (chosen.contains(m)) results.put(m, new CompletableFuture<>());
    }
    prepared.whenComplete((p, failed) -> {
      if (cotNeeded) start(pool, cot, failed, () -> inJob(p, () -> {
        p.d.stage("CoT-SFT" + (anyRl ? " (also the warm-up of every RL method)" : ""));
        return SftTrainer.run(p.base.with(p.init(), "name=cot-sft")).resolve("final"); // the preset's sft.mode (cot-name)
      }));
      start(pool, bins, failed, () -> inJob(p, () -> {
        p.d.stage("S(q) bins of the test items (" + p.base.curriculumEncoder() + ", " + p.base.curriculumBins() + " bins)");
        return TestItemBins.compute(p.base.curriculumEncoder(), p.base.curriculumBins(), p.d.train, p.d.test);
      }));
      if (results.containsKey("sft")) start(pool, results.get("sft"), failed, () -> inJob(p, () -> {
        p.d.stage("SFT (answer only)");
        Path sft = SftTrainer.run(p.base.with(p.init(), "name=sft", "sft.mode=answer")).resolve("final");
        return p.d.evaluate(sft, "sft", p.eval);
      }));
      if (results.containsKey("zero-shot")) {
        start(pool, results.get("zero-shot"), failed, () -> inJob(p, () -> p.d.evaluate(p.start, "zero-shot", p.eval)));
      }
    });
    cot.whenComplete((model, failed) -> {
      Prepared p = failed == null ? prepared.join() : null;
      for (var m : ExperimentsCommand.RL_METHODS.entrySet()) {
        if (!results.containsKey(m.getKey())) continue;
        start(pool, results.get(m.getKey()), failed, () -> inJob(p, () -> {
          p.d.stage("RL " + m.getKey() + " (" + String.join(" ", m.getValue()) + ")");
          // run names allow letters, digits, '.', '_' and '-': grpo+asc trains in grpo-asc/
          TrainConfig c = p.base.with("model=" + model.toAbsolutePath(), "name=" + runName(m.getKey())).with(m.getValue());
          return p.d.evaluate(GrpoTrainer.run(c).resolve("final"), m.getKey(), p.eval);
        }));
      }
      if (results.containsKey("cot-sft")) {
        start(pool, results.get("cot-sft"), failed, () -> inJob(p, () -> p.d.evaluate(model, "cot-sft", p.eval)));
      }
    });
    List<CompletableFuture<?>> all = new ArrayList<>(results.values());
    all.add(bins);
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApplyAsync(ignored -> {
      Prepared p = prepared.join();
      Map<String, EvalResult> done = new LinkedHashMap<>();
      results.forEach((name, r) -> done.put(name, r.join())); // in the registry's order, whatever finished first
      org.anatomyr1.report.ReportWriter.write(dir, "anatomy-r1 experiments, seed " + seed, null);
      return new SeedRun(seed, dir, done, bins.join(), org.anatomyr1.data.AnswerPriorBaseline.chance(p.d.test));
    }, pool);
  }

  /** Queues {@code work} on {@code pool} to complete {@code result}, or fails it with {@code failedBefore} (a stage it needs). */
  private static <T> void start(java.util.concurrent.Executor pool, CompletableFuture<T> result, Throwable failedBefore,
      java.util.function.Supplier<T> work) {
    if (failedBefore != null) {
      result.completeExceptionally(failedBefore);
      return;
    }
    pool.execute(() -> {
      try {
        result.complete(work.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
  }

  /** A seed's shared inputs: its data and tiny model, run config, evaluation settings, base model. */
  private record Prepared(EmbeddedDefault d, TrainConfig base, EvalSettings eval, Path start) {
    String init() {
      return "model=" + start.toAbsolutePath();
    }
  }

  private Prepared prepare(long seed, Path dir) {
    try {
      EmbeddedDefault d = EmbeddedDefault.create(dir, items, seed).tagged("seed " + seed + ": ");
      TrainConfig base = base(seed, dir, d);
      org.anatomyr1.model.ComputeThreads.apply(base.threads());
      EvalSettings eval = d.evalSettings(5, base.maxCompletionTokens(), seed);
      return new Prepared(d, base, eval, startingModel(seed, d, base));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code work} on this worker thread with the seed's thread count: LibTorch's OpenMP thread
   * count is per calling thread, so a pool thread must set it before its first op.
   */
  private static <T> T inJob(Prepared p, java.util.function.Supplier<T> work) {
    org.anatomyr1.model.ComputeThreads.apply(p.base.threads());
    return work.get();
  }

  /** The value of a finished run, or its own exception (not CompletionException) when it failed. */
  private static <T> T joined(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw e;
    }
  }

  static String runName(String method) {
    return method.replace('+', '-');
  }

  /** The methods in {@code names} that every seed ran, each with its per-seed evaluations. */
  static List<MethodAcrossSeeds> across(List<SeedRun> seeds, List<String> names) {
    List<MethodAcrossSeeds> out = new ArrayList<>();
    for (String m : names) {
      if (!seeds.get(0).results().containsKey(m)) continue;
      out.add(new MethodAcrossSeeds(m, seeds.stream().map(s -> s.results().get(m)).toList()));
    }
    return out;
  }

  /** method -> its metrics.jsonl at each seed (methods without a run at every seed are left out). */
  static Map<String, List<org.anatomyr1.report.MetricsLog>> logs(List<SeedRun> seeds, List<String> methods) {
    Map<String, List<org.anatomyr1.report.MetricsLog>> out = new LinkedHashMap<>();
    for (String m : methods) {
      List<org.anatomyr1.report.MetricsLog> perSeed = new ArrayList<>();
      for (SeedRun s : seeds) {
        Path f = s.dir().resolve(runName(m)).resolve(org.anatomyr1.report.ReportWriter.METRICS);
        if (Files.isRegularFile(f)) perSeed.add(org.anatomyr1.report.MetricsLog.read(f));
      }
      if (perSeed.size() == seeds.size()) out.put(m, perSeed);
    }
    return out;
  }

  String setting(List<SeedRun> seeds) {
    SeedRun first = seeds.get(0);
    EvalResult any = first.results().values().iterator().next();
    var sampling = EvalSettings.paperSampling(0);
    return String.format(Locale.ROOT, "Synthetic anatomy set (%d items generated per seed, %d test items per seed), %s"
        + " budget%s; RL methods start from the seed's CoT-SFT model. Pass@1 greedy; Avg@%d and Major@%d from %d samples"
        + " per item (temperature %.1f, top-k %d, top-p %.1f).", items, any.predictions().size(), quick ? "quick" : "full",
        overrides.isEmpty() ? "" : " with " + String.join(" ", overrides), any.k(), any.k(), any.k(), sampling.temperature(),
        sampling.topK(), sampling.topP());
  }
}

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

  ExperimentsRunner(Path run, int items, boolean quick, int baseSteps, List<String> overrides, List<String> chosen) {
    this.run = run;
    this.items = items;
    this.quick = quick;
    this.baseSteps = baseSteps;
    this.overrides = List.copyOf(overrides);
    this.chosen = List.copyOf(chosen);
  }

  /** The base config of a seed's runs: the demo preset, the seed, its data, then the user's --set. */
  TrainConfig base(long seed, Path dir, EmbeddedDefault d) {
    return (quick ? TrainConfig.demoQuick() : TrainConfig.demo()).with("seed=" + seed, "out=" + dir.toAbsolutePath(),
        "data.train=" + d.trainFile(), "progress=" + (System.console() != null)).with(overrides.toArray(String[]::new));
  }

  /** As the demo: the format-only base model (FormatBase) when baseSteps > 0, else the random model. */
  private Path startingModel(long seed, EmbeddedDefault d, TrainConfig base) {
    if (baseSteps == 0) return d.initModel;
    d.stage("seed " + seed + ": base model, format only (" + baseSteps + " SFT steps on random option labels)");
    return FormatBase.train(d, base, baseSteps, seed);
  }

  SeedRun runSeed(long seed) throws java.io.IOException {
    Path dir = run.resolve("seed-" + seed);
    EmbeddedDefault d = EmbeddedDefault.create(dir, items, seed);
    TrainConfig base = base(seed, dir, d);
    org.anatomyr1.model.ComputeThreads.apply(base.threads());
    EvalSettings eval = d.evalSettings(5, base.maxCompletionTokens(), seed);
    Path start = startingModel(seed, d, base);
    String init = "model=" + start.toAbsolutePath();
    Map<String, EvalResult> results = new LinkedHashMap<>();
    if (chosen.contains("zero-shot")) results.put("zero-shot", d.evaluate(start, "zero-shot", eval));
    if (chosen.contains("sft")) {
      d.stage("seed " + seed + ": SFT (answer only)");
      Path sft = SftTrainer.run(base.with(init, "name=sft", "sft.mode=answer")).resolve("final");
      results.put("sft", d.evaluate(sft, "sft", eval));
    }
    boolean anyRl = chosen.stream().anyMatch(ExperimentsCommand.RL_METHODS::containsKey);
    Path cot = null;
    if (chosen.contains("cot-sft") || anyRl) {
      d.stage("seed " + seed + ": CoT-SFT" + (anyRl ? " (also the warm-up of every RL method)" : ""));
      cot = SftTrainer.run(base.with(init, "name=cot-sft")).resolve("final"); // the preset's sft.mode (cot-name)
      if (chosen.contains("cot-sft")) results.put("cot-sft", d.evaluate(cot, "cot-sft", eval));
    }
    for (var m : ExperimentsCommand.RL_METHODS.entrySet()) {
      if (!chosen.contains(m.getKey())) continue;
      d.stage("seed " + seed + ": RL " + m.getKey() + " (" + String.join(" ", m.getValue()) + ")");
      // run names allow letters, digits, '.', '_' and '-': grpo+asc trains in grpo-asc/
      TrainConfig c = base.with("model=" + cot.toAbsolutePath(), "name=" + runName(m.getKey())).with(m.getValue());
      results.put(m.getKey(), d.evaluate(GrpoTrainer.run(c).resolve("final"), m.getKey(), eval));
    }
    d.stage("seed " + seed + ": S(q) bins of the test items (" + base.curriculumEncoder() + ", " + base.curriculumBins() + " bins)");
    TestItemBins bins = TestItemBins.compute(base.curriculumEncoder(), base.curriculumBins(), d.train, d.test);
    org.anatomyr1.report.ReportWriter.write(dir, "anatomy-r1 experiments, seed " + seed, null);
    return new SeedRun(seed, dir, results, bins, org.anatomyr1.data.AnswerPriorBaseline.chance(d.test));
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

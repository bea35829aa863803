// `anatomy-r1 experiments`: the paper's comparison on the embedded default over N seeds: Table 1
// (zero-shot, SFT, CoT-SFT, GRPO, DAPO, GPG, Dr.GRPO, GRPO+ASC, GRPO+GDQA, GRPO+ASC+GDQA) and
// Table 2 (GRPO+ASC+GDQA without GDQA's text / image variants), each as mean and 95% CI over seeds
// and items, the paired test of GRPO+ASC+GDQA against GRPO, accuracy per S(q) bin, Figures 5 / 6.
// All RL runs of a seed start from that seed's CoT-SFT warm-up (a random tiny model has no format
// to reinforce). The per-seed work is ExperimentsRunner's.
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.anatomyr1.eval.EvalFiles;
import org.anatomyr1.eval.ExperimentsSummary;
import org.anatomyr1.eval.MethodAcrossSeeds;
import org.anatomyr1.report.ExperimentFigures;
import org.anatomyr1.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "experiments", mixinStandardHelpOptions = true,
    description = "The paper's method comparison on the synthetic set over N seeds: Table 1 and Table 2 with 95%%"
        + " confidence intervals, the paired test of GRPO+ASC+GDQA vs GRPO, accuracy per S(q) bin, Figures 5/6"
        + " (experiments.md, experiments.json, report.html).")
final class ExperimentsCommand implements Callable<Integer> {
  /** RL methods: name -> overrides of the GRPO trainer (all start from the CoT-SFT model). */
  static final Map<String, String[]> RL_METHODS = new LinkedHashMap<>();

  static {
    RL_METHODS.put("grpo", new String[] {"algo=grpo", "curriculum=random", "gdqa=off"});
    RL_METHODS.put("dapo", new String[] {"algo=dapo", "curriculum=random", "gdqa=off"});
    RL_METHODS.put("gpg", new String[] {"algo=gpg", "curriculum=random", "gdqa=off"});
    RL_METHODS.put("dr_grpo", new String[] {"algo=dr_grpo", "curriculum=random", "gdqa=off"});
    RL_METHODS.put("grpo+asc", new String[] {"algo=grpo", "curriculum=asc", "gdqa=off"});
    RL_METHODS.put("grpo+gdqa", new String[] {"algo=grpo", "curriculum=random", "gdqa=on"});
    RL_METHODS.put("grpo+asc+gdqa", new String[] {"algo=grpo", "curriculum=asc", "gdqa=on"});
    // Table 2: the full method with one half of GDQA switched off
    RL_METHODS.put("grpo+asc+gdqa-no-text", new String[] {"algo=grpo", "curriculum=asc", "gdqa=on", "gdqa.text=off"});
    RL_METHODS.put("grpo+asc+gdqa-no-image", new String[] {"algo=grpo", "curriculum=asc", "gdqa=on", "gdqa.image=off"});
  }

  static final List<String> TABLE1 = List.of("zero-shot", "sft", "cot-sft", "grpo", "dapo", "gpg", "dr_grpo", "grpo+asc",
      "grpo+gdqa", "grpo+asc+gdqa");
  static final List<String> TABLE2 = List.of("grpo+asc+gdqa", "grpo+asc+gdqa-no-text", "grpo+asc+gdqa-no-image");
  static final List<String> ALL = List.of("zero-shot", "sft", "cot-sft", "grpo", "dapo", "gpg", "dr_grpo", "grpo+asc",
      "grpo+gdqa", "grpo+asc+gdqa", "grpo+asc+gdqa-no-text", "grpo+asc+gdqa-no-image");

  @Option(names = "--quick", description = "the quick demo budget per method (default: the full demo budget)")
  boolean quick;

  @Option(names = "--out", description = "run directory (default: runs/experiments-<timestamp>)")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "first seed (default ${DEFAULT-VALUE}); seeds are seed .. seed+N-1")
  long seed;

  @Option(names = "--seeds", defaultValue = "1", description = "N: independent replicates (data, model init, training,"
      + " evaluation) (default ${DEFAULT-VALUE}; confidence intervals over seeds need N >= 2)")
  int seeds;

  @Option(names = "--methods", split = ",", description = "subset to run, from: zero-shot, sft, cot-sft, grpo, dapo, gpg,"
      + " dr_grpo, grpo+asc, grpo+gdqa, grpo+asc+gdqa, grpo+asc+gdqa-no-text, grpo+asc+gdqa-no-image (default: all)")
  List<String> methods;

  @Option(names = "--items", description = "synthetic questions generated per seed (default: the demo's, 240 with --quick, else 1500)")
  Integer items;

  @Option(names = "--base-steps", description = "SFT steps of the format-only base model every method starts from"
      + " (default: the demo's, 100 with --quick, else 1500; 0 = the random model)")
  Integer baseSteps;

  @Option(names = "--jobs", description = "runs trained side by side (default: cores / the preset's threads per run;"
      + " results do not depend on it)")
  Integer jobs;

  @Option(names = "--set", description = "training config override key=value for every SFT and RL run (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> chosen = methods == null || methods.isEmpty() ? ALL : methods;
    for (String m : chosen) {
      if (!ALL.contains(m)) throw new IllegalArgumentException("--methods: unknown '" + m + "'; valid: " + String.join(", ", ALL));
    }
    if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
    DemoCommand.DemoPlan plan = quick ? DemoCommand.DemoPlan.quickPlan() : DemoCommand.DemoPlan.fullPlan();
    int n = items != null ? items : plan.items();
    int base = baseSteps != null ? baseSteps : plan.baseSteps();
    if (base < 0) throw new IllegalArgumentException("--base-steps must be >= 0, got " + base);
    if (n < 30) throw new IllegalArgumentException("--items must be >= 30 (the test split gets a tenth), got " + n);
    Path run = out != null ? out : EmbeddedDefault.defaultRunDir("experiments");
    System.out.println("anatomy-r1 experiments" + (quick ? " --quick" : "") + " --seeds " + seeds + ": run directory " + run);
    long start = System.nanoTime();
    int j = jobs != null ? jobs : ExperimentsRunner.defaultJobs(quick, overrides);
    System.out.println("  " + j + " run(s) side by side (--jobs)");
    ExperimentsRunner runner = new ExperimentsRunner(run, n, quick, base, overrides, chosen, j);
    List<Long> seedList = java.util.stream.LongStream.range(seed, seed + seeds).boxed().toList();
    List<ExperimentsRunner.SeedRun> done = runner.runAll(seedList);

    ExperimentsSummary summary = summary(runner, done, (System.nanoTime() - start) / 1e9);
    EvalFiles.writeAtomically(run.resolve("experiments.md"), summary.markdown());
    EvalFiles.writeAtomically(run.resolve("experiments.json"), summary.json());
    List<Path> figures = figures(run, done);
    ReportWriter.Report report = ReportWriter.write(run, "anatomy-r1 experiments", summary.markdown(), figures);
    System.out.println();
    System.out.print(ExperimentsSummary.table(summary.table1(), 5));
    System.out.printf(Locale.ROOT, "table: %s (and experiments.json); report: %s (%d figures); total %.0f s%n",
        run.resolve("experiments.md"), report.html(), figures.size(), summary.seconds());
    return 0;
  }

  private static ExperimentsSummary summary(ExperimentsRunner runner, List<ExperimentsRunner.SeedRun> done, double seconds) {
    List<MethodAcrossSeeds> t1 = ExperimentsRunner.across(done, TABLE1);
    List<MethodAcrossSeeds> t2 = ExperimentsRunner.across(done, TABLE2);
    if (t2.size() < 2) t2 = List.of(); // the full method alone is no ablation
    var all = ExperimentsRunner.across(done, List.of("grpo+asc+gdqa", "grpo"));
    MethodAcrossSeeds[] paired = all.size() == 2 ? new MethodAcrossSeeds[] {all.get(0), all.get(1)} : null;
    double chance = done.stream().mapToDouble(ExperimentsRunner.SeedRun::chance).average().orElse(Double.NaN);
    return new ExperimentsSummary(done.stream().map(ExperimentsRunner.SeedRun::seed).toList(), t1, t2, paired,
        done.stream().map(ExperimentsRunner.SeedRun::bins).toList(), chance, runner.setting(done), seconds);
  }

  /** Figure 5 (GRPO, GRPO+ASC, GRPO+ASC+GDQA where run) and Figure 6 (GRPO vs GRPO+GDQA where both ran). */
  private static List<Path> figures(Path run, List<ExperimentsRunner.SeedRun> done) {
    List<Path> out = new ArrayList<>();
    var fig5 = ExperimentsRunner.logs(done, List.of("grpo", "grpo+asc", "grpo+asc+gdqa"));
    if (!fig5.isEmpty()) {
      int steps = fig5.values().stream().flatMap(List::stream).mapToInt(org.anatomyr1.report.MetricsLog::steps).max().orElse(1);
      out.add(ReportWriter.save(ExperimentFigures.rewardAndSq(fig5, Math.max(1, steps / 20)),
          run.resolve(ReportWriter.PLOTS).resolve("figure5_reward_sq.png")));
    }
    var fig6 = ExperimentsRunner.logs(done, List.of("grpo", "grpo+gdqa"));
    if (fig6.size() == 2) {
      out.add(ReportWriter.save(ExperimentFigures.invalidGradientPerAnatomy(fig6),
          run.resolve(ReportWriter.PLOTS).resolve("figure6_invalid_gradient.png")));
    }
    return out;
  }
}

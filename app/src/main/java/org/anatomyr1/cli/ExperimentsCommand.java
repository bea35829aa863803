// `anatomy-r1 experiments`: the paper's comparison (Table 1, Figures 5/6) on the embedded default
// with one seed and one budget: zero-shot, SFT, CoT-SFT, GRPO, DAPO, GPG, GRPO+ASC, GRPO+GDQA,
// GRPO+ASC+GDQA. All RL runs start from the same CoT-SFT warm-up (a random tiny model has no
// format to reinforce); each method is evaluated on the same test split with the same seed.
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.anatomyr1.eval.EvalFiles;
import org.anatomyr1.eval.EvalResult;
import org.anatomyr1.eval.EvalSettings;
import org.anatomyr1.eval.EvalTables;
import org.anatomyr1.report.ReportWriter;
import org.anatomyr1.train.GrpoTrainer;
import org.anatomyr1.train.SftTrainer;
import org.anatomyr1.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "experiments", mixinStandardHelpOptions = true,
    description = "The paper's method comparison on the synthetic set (one seed, one budget): Table-1-style"
        + " Markdown table plus the Figure 5/6 plots.")
final class ExperimentsCommand implements Callable<Integer> {
  /** RL methods: name -> overrides of the GRPO trainer (all start from the CoT-SFT model). */
  static final Map<String, String[]> RL_METHODS = new LinkedHashMap<>();

  static {
    RL_METHODS.put("grpo", new String[] {"algo=grpo", "curriculum=random", "gdqa=off"});
    RL_METHODS.put("dapo", new String[] {"algo=dapo", "curriculum=random", "gdqa=off"});
    RL_METHODS.put("gpg", new String[] {"algo=gpg", "curriculum=random", "gdqa=off"});
    RL_METHODS.put("grpo+asc", new String[] {"algo=grpo", "curriculum=asc", "gdqa=off"});
    RL_METHODS.put("grpo+gdqa", new String[] {"algo=grpo", "curriculum=random", "gdqa=on"});
    RL_METHODS.put("grpo+asc+gdqa", new String[] {"algo=grpo", "curriculum=asc", "gdqa=on"});
  }

  static final List<String> ALL = List.of("zero-shot", "sft", "cot-sft", "grpo", "dapo", "gpg", "grpo+asc", "grpo+gdqa",
      "grpo+asc+gdqa");

  @Option(names = "--quick", description = "the quick demo budget per method (default: the full demo budget)")
  boolean quick;

  @Option(names = "--out", description = "run directory (default: runs/experiments-<timestamp>)")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "seed of data, model, training and evaluation (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--methods", split = ",", description = "subset to run, from: zero-shot, sft, cot-sft, grpo, dapo, gpg,"
      + " grpo+asc, grpo+gdqa, grpo+asc+gdqa (default: all)")
  List<String> methods;

  @Option(names = "--items", description = "synthetic questions generated (default: 240 with --quick, else 600)")
  Integer items;

  @Override
  public Integer call() throws Exception {
    List<String> chosen = methods == null || methods.isEmpty() ? ALL : methods;
    for (String m : chosen) {
      if (!ALL.contains(m)) throw new IllegalArgumentException("--methods: unknown '" + m + "'; valid: " + String.join(", ", ALL));
    }
    int n = items != null ? items : quick ? 240 : 600;
    if (n < 30) throw new IllegalArgumentException("--items must be >= 30 (the test split gets a tenth), got " + n);
    Path run = out != null ? out : EmbeddedDefault.defaultRunDir("experiments");
    System.out.println("anatomy-r1 experiments" + (quick ? " --quick" : "") + ": run directory " + run);
    EmbeddedDefault d = EmbeddedDefault.create(run, n, seed);
    TrainConfig base = (quick ? TrainConfig.demoQuick() : TrainConfig.demo()).with("seed=" + seed,
        "out=" + run.toAbsolutePath(), "data.train=" + d.trainFile(), "progress=" + (System.console() != null));
    org.anatomyr1.model.ComputeThreads.apply(base.threads());
    EvalSettings eval = d.evalSettings(5, base.maxCompletionTokens(), seed);
    String init = "model=" + d.initModel.toAbsolutePath();

    List<EvalResult> results = new ArrayList<>();
    if (chosen.contains("zero-shot")) results.add(d.evaluate(d.initModel, "zero-shot", eval));
    if (chosen.contains("sft")) {
      d.stage("SFT (answer only)");
      Path sft = SftTrainer.run(base.with(init, "name=sft", "sft.mode=answer")).resolve("final");
      results.add(d.evaluate(sft, "sft", eval));
    }
    Path cot = null;
    boolean anyRl = chosen.stream().anyMatch(RL_METHODS::containsKey);
    if (chosen.contains("cot-sft") || anyRl) {
      d.stage("CoT-SFT" + (anyRl ? " (also the warm-up of every RL method)" : ""));
      cot = SftTrainer.run(base.with(init, "name=cot-sft", "sft.mode=cot")).resolve("final");
      if (chosen.contains("cot-sft")) results.add(d.evaluate(cot, "cot-sft", eval));
    }
    for (var m : RL_METHODS.entrySet()) {
      if (!chosen.contains(m.getKey())) continue;
      d.stage("RL: " + m.getKey() + " (" + String.join(" ", m.getValue()) + ")");
      // run names allow letters, digits, '.', '_' and '-': grpo+asc trains in grpo-asc/
      TrainConfig c = base.with("model=" + cot.toAbsolutePath(), "name=" + m.getKey().replace('+', '-')).with(m.getValue());
      Path model = GrpoTrainer.run(c).resolve("final");
      results.add(d.evaluate(model, m.getKey(), eval));
    }

    d.stage("table and report");
    String table = "# anatomy-r1 experiments\n\n"
        + String.format(Locale.ROOT, "Synthetic anatomy set, seed %d, %d test items, %s budget; RL methods start from the"
            + " CoT-SFT model. Accuracy in %%, k = %d samples (temperature %.1f, top-k %d, top-p %.1f).%n%n", seed,
            d.test.size(), quick ? "quick" : "full", eval.k(), eval.sampling().temperature(), eval.sampling().topK(),
            eval.sampling().topP())
        + "Per category and overall (P@1 = Pass@1, A = Avg@5, M = Major@5):\n\n" + EvalTables.comparisonTable(results)
        + "\nOverall:\n\n" + EvalTables.overallTable(results);
    EvalFiles.writeAtomically(run.resolve("experiments.md"), table);
    ReportWriter.Report report = ReportWriter.write(run, "anatomy-r1 experiments", table);
    System.out.println();
    System.out.print(EvalTables.overallTable(results));
    System.out.printf(Locale.ROOT, "table: %s; report: %s (%d plots); total %.0f s%n", run.resolve("experiments.md"),
        report.html(), report.plots().size(), d.seconds());
    return 0;
  }
}

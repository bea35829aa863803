// The outcome of `experiments --seeds N` as Markdown and JSON: the paper's Table 1 rows and the
// Table 2 GDQA ablations (mean and 95% CI of Pass@1 / Avg@k / Major@k over seeds and items), the
// paired test of the full method against GRPO, and accuracy per ASC difficulty bin.
package org.anatomyr1.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * @param seeds   the seeds, in run order (each: own data, model init, training and evaluation)
 * @param table1  Table 1 rows, in the paper's order
 * @param table2  Table 2 rows (GDQA ablations), may be empty
 * @param paired  {full method, GRPO} when both ran, else null
 * @param bins    per seed, the test items' difficulty bins (may be empty: no per-bin table)
 * @param chance  mean chance level over the seeds' test items, in [0, 1]
 */
public record ExperimentsSummary(List<Long> seeds, List<MethodAcrossSeeds> table1, List<MethodAcrossSeeds> table2,
    MethodAcrossSeeds[] paired, List<TestItemBins> bins, double chance, String setting, double seconds) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String markdown() {
    int k = table1.isEmpty() ? table2.get(0).perSeed().get(0).k() : table1.get(0).perSeed().get(0).k();
    StringBuilder s = new StringBuilder("# anatomy-r1 experiments\n\n").append(setting).append("\n\n");
    s.append(String.format(Locale.ROOT, "Accuracy in %%, mean over %d seed(s) %s with its 95%% confidence interval"
        + " (%s). Chance %s.%n%n", seeds.size(), seeds, seeds.size() > 1 ? ConfidenceInterval.OVER_SEEDS
            : ConfidenceInterval.OVER_ITEMS, EvalTables.pct(chance)));
    s.append("## Table 1: methods\n\n").append(table(table1, k));
    if (!table2.isEmpty()) s.append("\n## Table 2: GDQA ablations\n\n").append(table(table2, k));
    if (paired != null) s.append("\n## Paired test\n\n").append(pairedText(k));
    if (!bins.isEmpty()) {
      s.append("\n## Accuracy per ASC difficulty bin (test items, S(q) binned by the training split's edges)\n\n")
          .append(AccuracyByBin.table(table1.stream().map(MethodAcrossSeeds::perSeed).toList(), bins));
    }
    return s.append(String.format(Locale.ROOT, "%nTotal wall time %.0f s.%n", seconds)).toString();
  }

  public static String table(List<MethodAcrossSeeds> rows, int k) {
    StringBuilder s = new StringBuilder("| method | items | Pass@1 [95% CI] | Avg@" + k + " [95% CI] | Major@" + k
        + " [95% CI] |\n|---|---:|---:|---:|---:|\n");
    for (MethodAcrossSeeds m : rows) {
      s.append("| ").append(m.method()).append(" | ").append(m.items()).append(" | ").append(cell(m.pass1())).append(" | ")
          .append(cell(m.avgAtK())).append(" | ").append(cell(m.majorAtK())).append(" |\n");
    }
    return s.toString();
  }

  private String pairedText(int k) {
    PairedTest p1 = paired[0].pairedPass1(paired[1]);
    PairedTest mk = paired[0].pairedMajorAtK(paired[1]);
    return String.format(Locale.ROOT, "%s vs %s over the same %d (seed, item) pairs, %s:%n%n"
        + "| metric | difference (points) | only %s right | only %s right | p-value |%n|---|---:|---:|---:|---:|%n"
        + "| Pass@1 | %+.1f | %d | %d | %.4f |%n| Major@%d | %+.1f | %d | %d | %.4f |%n", paired[0].method(), paired[1].method(),
        p1.n(), PairedTest.METHOD, paired[0].method(), paired[1].method(), 100 * p1.meanDifference(), p1.onlyA(), p1.onlyB(),
        p1.pValue(), k, 100 * mk.meanDifference(), mk.onlyA(), mk.onlyB(), mk.pValue());
  }

  /** "54.2 [41.0, 67.4]"; "54.2 [-]" when no interval can be formed. */
  static String cell(ConfidenceInterval ci) {
    if (Double.isNaN(ci.low())) return EvalTables.pct(ci.mean()) + " [-]";
    return EvalTables.pct(ci.mean()) + " [" + EvalTables.pct(ci.low()) + ", " + EvalTables.pct(ci.high()) + "]";
  }

  public String json() {
    ObjectNode root = JSON.createObjectNode();
    seeds.forEach(root.putArray("seeds")::add);
    root.put("setting", setting);
    root.put("ci_method", seeds.size() > 1 ? ConfidenceInterval.OVER_SEEDS : ConfidenceInterval.OVER_ITEMS);
    root.put("chance", pct(chance));
    methods(root.putObject("table1"), table1);
    methods(root.putObject("table2"), table2);
    if (paired != null) {
      ObjectNode p = root.putObject("paired");
      p.put("a", paired[0].method()).put("b", paired[1].method()).put("method", PairedTest.METHOD);
      paired(p.putObject("pass@1"), paired[0].pairedPass1(paired[1]));
      paired(p.putObject("major@k"), paired[0].pairedMajorAtK(paired[1]));
    }
    if (!bins.isEmpty()) {
      ObjectNode byBin = root.putObject("accuracy_by_bin");
      for (MethodAcrossSeeds m : table1) {
        var arr = byBin.putArray(m.method());
        for (AccuracyByBin.Row r : AccuracyByBin.rows(m.perSeed(), bins)) {
          arr.addObject().put("bin", r.bin()).put("items", r.items()).put("pass@1", pct(r.pass1()))
              .put("avg@k", pct(r.avgAtK())).put("mean_sq", r.meanSq());
        }
      }
    }
    root.put("seconds", Math.round(seconds * 10) / 10.0);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void methods(ObjectNode into, List<MethodAcrossSeeds> rows) {
    for (MethodAcrossSeeds m : rows) {
      ObjectNode o = into.putObject(m.method());
      o.put("seeds", m.perSeed().size()).put("items", m.items()).put("k", m.perSeed().get(0).k());
      interval(o.putObject("pass@1"), m.pass1());
      interval(o.putObject("avg@k"), m.avgAtK());
      interval(o.putObject("major@k"), m.majorAtK());
      var perSeed = o.putArray("per_seed_pass@1");
      for (EvalResult r : m.perSeed()) perSeed.add(pct(r.overall().pass1()));
    }
  }

  private static void interval(ObjectNode o, ConfidenceInterval ci) {
    o.put("mean", pct(ci.mean()));
    if (Double.isNaN(ci.low())) o.putNull("low").putNull("high");
    else o.put("low", pct(ci.low())).put("high", pct(ci.high()));
    o.put("n", ci.n());
  }

  private static void paired(ObjectNode o, PairedTest t) {
    o.put("pairs", t.n()).put("only_a", t.onlyA()).put("only_b", t.onlyB())
        .put("difference", pct(t.meanDifference())).put("p_value", t.pValue());
  }

  /** Percent with 2 decimals (JSON keeps more precision than the 1-decimal tables). */
  private static double pct(double x) {
    return Math.round(x * 10000) / 100.0;
  }
}

// Markdown tables of evaluations: one model's rows per category (with chance and the text-only
// baseline beside them), and the paper's Table 1 layout comparing models (Pass@1 / Avg@k / Major@k
// per category and overall).
package org.anatomyr1.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public final class EvalTables {
  private EvalTables() {}

  public static String categoryTable(EvalResult r) {
    int k = r.k();
    StringBuilder s = new StringBuilder();
    s.append("| category | items | Pass@1 | Avg@").append(k).append(" | Major@").append(k).append(" | Pass@").append(k)
        .append(" | chance | text-only |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Scoreboard.Row row : r.rows()) {
      s.append("| ").append(row.category()).append(" | ").append(row.items()).append(" | ").append(pct(row.pass1()))
          .append(" | ").append(pct(row.avgAtK())).append(" | ").append(pct(row.majorAtK())).append(" | ")
          .append(pct(row.passAtK())).append(" | ").append(pct(row.chance())).append(" | ")
          .append(pct(r.textOnly().getOrDefault(row.category(), Double.NaN))).append(" |\n");
    }
    return s.toString();
  }

  /** Models as rows: overall Pass@1, Avg@k, Major@k, Pass@k, share without an answer; then chance and text-only. */
  public static String overallTable(List<EvalResult> results) {
    if (results.isEmpty()) return "(no evaluations)\n";
    int k = results.get(0).k();
    StringBuilder s = new StringBuilder("| model | items | Pass@1 | Avg@" + k + " | Major@" + k + " | Pass@" + k
        + " | greedy no answer |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (EvalResult r : results) {
      Scoreboard.Row o = r.overall();
      s.append("| ").append(r.label()).append(" | ").append(o.items()).append(" | ").append(pct(o.pass1())).append(" | ")
          .append(pct(o.avgAtK())).append(" | ").append(pct(o.majorAtK())).append(" | ").append(pct(o.passAtK()))
          .append(" | ").append(pct(r.greedyNoAnswer())).append(" |\n");
    }
    EvalResult first = results.get(0);
    s.append("| chance | | ").append(pct(first.overall().chance())).append(" | | | | |\n");
    s.append("| text-only (answer prior) | | ").append(pct(first.textOnly().getOrDefault(Scoreboard.OVERALL, Double.NaN)))
        .append(" | | | | |\n");
    return s.toString();
  }

  /**
   * Models as rows; for each category and overall three columns Pass@1 / Avg@k / Major@k; last
   * rows chance and text-only (taken from the first result: they depend on the items only).
   */
  public static String comparisonTable(List<EvalResult> results) {
    if (results.isEmpty()) return "(no evaluations)\n";
    EvalResult first = results.get(0);
    List<String> categories = new ArrayList<>();
    for (Scoreboard.Row row : first.rows()) categories.add(row.category());
    int k = first.k();
    StringBuilder s = new StringBuilder("| model |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String c : categories) {
      s.append(" ").append(c).append(" P@1 | A@").append(k).append(" | M@").append(k).append(" |");
      rule.append("---:|---:|---:|");
    }
    s.append('\n').append(rule).append('\n');
    for (EvalResult r : results) {
      s.append("| ").append(r.label()).append(" |");
      for (String c : categories) {
        Scoreboard.Row row = r.rows().stream().filter(x -> x.category().equals(c)).findFirst().orElse(null);
        if (row == null) {
          s.append(" - | - | - |");
        } else {
          s.append(' ').append(pct(row.pass1())).append(" | ").append(pct(row.avgAtK())).append(" | ")
              .append(pct(row.majorAtK())).append(" |");
        }
      }
      s.append('\n');
    }
    s.append("| chance |");
    for (String c : categories) {
      double v = first.rows().stream().filter(x -> x.category().equals(c)).findFirst().orElseThrow().chance();
      s.append(' ').append(pct(v)).append(" | | |");
    }
    s.append("\n| text-only |");
    for (String c : categories) s.append(' ').append(pct(first.textOnly().getOrDefault(c, Double.NaN))).append(" | | |");
    return s.append('\n').toString();
  }

  /** A fraction as a percentage with one decimal ("-" for NaN). */
  public static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
  }
}

// Turns a run directory into plots/*.png and a self-contained report.html (configuration,
// evaluation table, the plots as relative <img>). Reads metrics.jsonl and config.yaml of the run
// and of its direct sub-runs (the demo's sft/ and rl/), and eval/*.json or eval/*/eval.json.
package org.anatomyr1.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.anatomyr1.eval.EvalFiles;
import org.anatomyr1.eval.EvalTables;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

public final class ReportWriter {
  public static final String REPORT = "report.html";
  public static final String PLOTS = "plots";
  public static final String METRICS = "metrics.jsonl";
  public static final String CONFIG = "config.yaml";
  /** Training scalars drawn in one panel each (when logged). */
  static final List<String> SCALARS = List.of("loss", "kl", "clip_fraction", "grad_norm", "entropy",
      "completion_length_mean", "zero_variance_fraction");

  /** What was written. */
  public record Report(Path html, List<Path> plots, List<EvalSummary> evaluations) {}

  private ReportWriter() {}

  public static Report write(Path runDir) {
    return write(runDir, runDir.getFileName().toString(), null);
  }

  /**
   * @param title    heading of the page
   * @param extraMarkdown text shown verbatim under the heading (e.g. the experiments table), or null
   */
  public static Report write(Path runDir, String title, String extraMarkdown) {
    return write(runDir, title, extraMarkdown, List.of());
  }

  /** As above, with {@code extraPlots} (PNGs under the run directory, e.g. Figures 5/6) shown first. */
  public static Report write(Path runDir, String title, String extraMarkdown, List<Path> extraPlots) {
    if (!Files.isDirectory(runDir)) throw new IllegalArgumentException(runDir + ": not a run directory");
    List<Path> plots = new ArrayList<>(extraPlots);
    StringBuilder body = new StringBuilder();
    for (Path p : extraPlots) body.append(img(runDir, p));
    List<EvalSummary> evals = evaluations(runDir);
    if (!evals.isEmpty()) evaluationSection(runDir, evals, body, plots);
    Map<String, MetricsLog> logs = metrics(runDir);
    comparisonSection(runDir, logs, body, plots);
    for (Map.Entry<String, MetricsLog> run : logs.entrySet()) {
      if (run.getValue().steps() > 0) trainingSection(runDir, run.getKey(), run.getValue(), body, plots);
    }
    for (Map.Entry<String, Path> config : configs(runDir).entrySet()) {
      body.append("<h2>Configuration").append(config.getKey().isEmpty() ? "" : ": " + esc(config.getKey()))
          .append("</h2>\n<pre>").append(esc(read(config.getValue()))).append("</pre>\n");
    }
    Path out = runDir.resolve(REPORT);
    EvalFiles.writeAtomically(out, page(title, extraMarkdown, body));
    return new Report(out, plots, evals);
  }

  private static void evaluationSection(Path runDir, List<EvalSummary> evals, StringBuilder body, List<Path> plots) {
    body.append("<h2>Evaluation</h2>\n");
    body.append(evaluationTable(evals));
    Path bars = save(Figures.evaluationBars(evals, "Evaluation (overall)"), runDir.resolve(PLOTS).resolve("evaluation.png"));
    plots.add(bars);
    body.append(img(runDir, bars));
    for (EvalSummary e : evals) body.append(categoryTable(e));
  }

  /** experiments: the paper's Figure 5 / 6 comparisons across the RL sub-runs (when there are two or more). */
  private static void comparisonSection(Path runDir, Map<String, MetricsLog> logs, StringBuilder body, List<Path> plots) {
    Map<String, MetricsLog> rl = new LinkedHashMap<>();
    logs.forEach((name, log) -> {
      if (log.has("reward_mean")) rl.put(name.isEmpty() ? "run" : name, log);
    });
    if (rl.size() < 2) return;
    Path plotDir = runDir.resolve(PLOTS);
    int window = Math.max(1, rl.values().stream().mapToInt(MetricsLog::steps).max().orElse(1) / 20);
    body.append("<h2>Comparison of the RL runs</h2>\n");
    Path p = save(Figures.compareRuns(rl, l -> l.series("reward_mean"), "Mean reward per method", "reward", window),
        plotDir.resolve("comparison_reward.png"));
    plots.add(p);
    body.append(img(runDir, p));
    p = save(Figures.compareRuns(rl, l -> l.meanOverPrefix(Figures.INVALID),
        "Invalid-gradient ratio per method (mean over categories)", "invalid-gradient ratio", window),
        plotDir.resolve("comparison_invalid_gradient.png"));
    plots.add(p);
    body.append(img(runDir, p));
  }

  /** One (sub-)run: steps logged, reward first/last fifth, Figure 5 / 6 of that run, training scalars. */
  private static void trainingSection(Path runDir, String name, MetricsLog log, StringBuilder body, List<Path> plots) {
    Path plotDir = runDir.resolve(PLOTS);
    String prefix = name.isEmpty() ? "" : name + "-";
    String heading = name.isEmpty() ? "Training" : "Training: " + name;
    body.append("<h2>").append(esc(heading)).append("</h2>\n<p>").append(log.steps()).append(" steps logged in <code>")
        .append(esc(runDir.relativize(log.file()).toString())).append("</code>.");
    if (log.has("reward_mean")) {
      body.append(String.format(java.util.Locale.ROOT, " Mean reward: first fifth %.3f, last fifth %.3f.",
          log.meanOfFraction("reward_mean", 0.2, false), log.meanOfFraction("reward_mean", 0.2, true)));
    }
    body.append("</p>\n");
    if (log.has("reward_mean")) {
      Path p = save(Figures.rewardAndCurriculum(log, "Reward and curriculum S(q) over steps" + suffix(name)),
          plotDir.resolve(prefix + "reward_curriculum.png"));
      plots.add(p);
      body.append(img(runDir, p));
    }
    if (!log.keysWithPrefix(Figures.INVALID).isEmpty()) {
      int window = Math.max(1, log.steps() / 20);
      Path p = save(Figures.invalidGradient(log, "Invalid-gradient ratio per category" + suffix(name), window),
          plotDir.resolve(prefix + "invalid_gradient.png"));
      plots.add(p);
      body.append(img(runDir, p));
    }
    List<Chart<?, ?>> panels = new ArrayList<>();
    for (String key : SCALARS) {
      var c = Figures.scalar(log, key, key + suffix(name));
      if (c != null) panels.add(c);
    }
    if (!panels.isEmpty()) {
      Path p = saveGrid(panels, plotDir.resolve(prefix + "training.png"));
      plots.add(p);
      body.append(img(runDir, p));
    }
  }

  private static String page(String title, String extraMarkdown, StringBuilder body) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(esc(title)).append("</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;}"
            + "table{border-collapse:collapse;margin:1em 0;}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right;}"
            + "td:first-child,th:first-child{text-align:left;}img{max-width:100%;display:block;margin:1em 0;}"
            + "pre{background:#f4f4f4;padding:1em;overflow-x:auto;}</style></head><body>\n<h1>")
        .append(esc(title)).append("</h1>\n<p>anatomy-r1 report, written ").append(Instant.now()).append(".</p>\n");
    if (extraMarkdown != null && !extraMarkdown.isBlank()) html.append("<pre>").append(esc(extraMarkdown)).append("</pre>\n");
    if (body.isEmpty()) html.append("<p>Nothing to report yet: no metrics.jsonl, eval/*.json or config.yaml found.</p>\n");
    return html.append(body).append("</body></html>\n").toString();
  }

  /** eval/*.json and eval/&lt;label&gt;/eval.json, in the order they were written (file time, then name). */
  static List<EvalSummary> evaluations(Path runDir) {
    Path dir = runDir.resolve("eval");
    if (!Files.isDirectory(dir)) return List.of();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")) files.add(p);
        if (Files.isRegularFile(p.resolve(EvalFiles.SUMMARY))) files.add(p.resolve(EvalFiles.SUMMARY));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    files.sort(Comparator.comparing((Path p) -> modified(p)).thenComparing(Path::toString));
    return files.stream().map(EvalSummary::read).toList();
  }

  /** "" -> the run's own metrics.jsonl; sub-run name -> its metrics.jsonl. */
  static Map<String, MetricsLog> metrics(Path runDir) {
    Map<String, MetricsLog> out = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : runFiles(runDir, METRICS).entrySet()) out.put(e.getKey(), MetricsLog.read(e.getValue()));
    return out;
  }

  static Map<String, Path> configs(Path runDir) {
    return runFiles(runDir, CONFIG);
  }

  private static Map<String, Path> runFiles(Path runDir, String name) {
    Map<String, Path> out = new LinkedHashMap<>();
    if (Files.isRegularFile(runDir.resolve(name))) out.put("", runDir.resolve(name));
    try (Stream<Path> s = Files.list(runDir)) {
      for (Path sub : s.filter(Files::isDirectory).sorted(Comparator.comparing((Path p) -> modified(p))
          .thenComparing(Path::toString)).toList()) {
        if (Files.isRegularFile(sub.resolve(name))) out.put(sub.getFileName().toString(), sub.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + runDir, e);
    }
    return out;
  }

  /** Models as rows: overall Pass@1 / Avg@k / Major@k / Pass@k, then chance and text-only. */
  static String evaluationTable(List<EvalSummary> evals) {
    int k = evals.get(0).k();
    StringBuilder s = new StringBuilder("<table><tr><th>model</th><th>items</th><th>Pass@1</th><th>Avg@").append(k)
        .append("</th><th>Major@").append(k).append("</th><th>Pass@").append(k).append("</th></tr>\n");
    for (EvalSummary e : evals) {
      EvalSummary.Row o = e.overall();
      s.append("<tr><td>").append(esc(e.label())).append("</td><td>").append(o.items()).append("</td>").append(cell(o.pass1()))
          .append(cell(o.avgAtK())).append(cell(o.majorAtK())).append(cell(o.passAtK())).append("</tr>\n");
    }
    EvalSummary.Row first = evals.get(0).overall();
    s.append("<tr><td>chance</td><td></td>").append(cell(first.chance())).append("<td></td><td></td><td></td></tr>\n");
    s.append("<tr><td>text-only (answer prior)</td><td></td>").append(cell(first.textOnly()))
        .append("<td></td><td></td><td></td></tr>\n</table>\n<p>Accuracies in percent.</p>\n");
    return s.toString();
  }

  static String categoryTable(EvalSummary e) {
    StringBuilder s = new StringBuilder("<h3>").append(esc(e.label())).append(" per category</h3>\n<table><tr><th>category</th>"
        + "<th>items</th><th>Pass@1</th><th>Avg@").append(e.k()).append("</th><th>Major@").append(e.k()).append("</th><th>Pass@")
        .append(e.k()).append("</th><th>chance</th><th>text-only</th></tr>\n");
    for (EvalSummary.Row r : e.rows()) {
      s.append("<tr><td>").append(esc(r.category())).append("</td><td>").append(r.items()).append("</td>").append(cell(r.pass1()))
          .append(cell(r.avgAtK())).append(cell(r.majorAtK())).append(cell(r.passAtK())).append(cell(r.chance()))
          .append(cell(r.textOnly())).append("</tr>\n");
    }
    return s.append("</table>\n").toString();
  }

  public static Path save(Chart<?, ?> chart, Path file) {
    try {
      write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + file, e);
    }
    return file;
  }

  /** Panels in a grid of two columns (the last row may be half empty), one PNG. */
  static Path saveGrid(List<Chart<?, ?>> charts, Path file) {
    int cols = Math.min(2, charts.size());
    int rows = (charts.size() + cols - 1) / cols;
    java.awt.image.BufferedImage grid = new java.awt.image.BufferedImage(cols * Figures.WIDTH, rows * Figures.HEIGHT,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = grid.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
    for (int i = 0; i < charts.size(); i++) {
      g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * Figures.WIDTH, (i / cols) * Figures.HEIGHT, null);
    }
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(grid, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + file, e);
    }
    write(file, bytes.toByteArray());
    return file;
  }

  private static void write(Path file, byte[] bytes) {
    EvalFiles.writeAtomically(file, bytes);
  }

  private static String img(Path runDir, Path png) {
    String rel = runDir.relativize(png).toString().replace('\\', '/');
    return "<img src=\"" + esc(rel) + "\" alt=\"" + esc(png.getFileName().toString()) + "\">\n";
  }

  private static String cell(double v) {
    return "<td>" + EvalTables.pct(v) + "</td>";
  }

  private static String suffix(String name) {
    return name.isEmpty() ? "" : " (" + name + ")";
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + p, e);
    }
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

// The report's charts (XChart, headless): reward and curriculum S(q) range over steps (the
// paper's Figure 5), invalid-gradient ratio per category (Figure 6), training scalars, and
// evaluation bars (Pass@1 / Avg@k / Major@k per model).
package org.anatomyr1.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

public final class Figures {
  public static final int WIDTH = 900;
  public static final int HEIGHT = 520;
  /** The curve prefix of per-function rewards (`reward/<function>_mean`). */
  static final String REWARD_FN = "reward/";
  static final String INVALID = "invalid_gradient_ratio/";

  static {
    System.setProperty("java.awt.headless", "true"); // plots are written by servers without displays
  }

  private Figures() {}

  /** Figure 5: reward (left axis) and the current bin's S(q) range (right axis) over steps. */
  public static XYChart rewardAndCurriculum(MetricsLog log, String title) {
    XYChart c = xy(title, "step", "reward");
    line(c, log.series("reward_mean"), "reward (mean)", 0);
    for (String key : log.keysWithPrefix(REWARD_FN)) {
      if (key.endsWith("_mean")) line(c, log.series(key), key.substring(REWARD_FN.length(), key.length() - 5), 0);
    }
    boolean curriculum = false;
    for (String key : List.of("curriculum_sq_min", "curriculum_sq_max")) {
      MetricsLog.Series s = log.series(key);
      XYSeries series = line(c, s, key.equals("curriculum_sq_min") ? "S(q) min" : "S(q) max", 1);
      if (series == null) continue;
      series.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
          10f, new float[] {6f, 4f}, 0f)); // dashed: the curriculum, not a reward
      curriculum = true;
    }
    if (curriculum) {
      c.setYAxisGroupTitle(1, "S(q) of the current bin");
      c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    }
    return c;
  }

  /** Figure 6: share of all-wrong groups per category, smoothed by a trailing mean of {@code window} steps. */
  public static XYChart invalidGradient(MetricsLog log, String title, int window) {
    XYChart c = xy(title + (window > 1 ? " (trailing mean of " + window + " steps)" : ""), "step",
        "invalid-gradient ratio");
    for (String key : log.keysWithPrefix(INVALID)) {
      MetricsLog.Series s = log.series(key);
      line(c, new MetricsLog.Series(key, s.steps(), trailingMean(s.values(), window)), key.substring(INVALID.length()), 0);
    }
    c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    return c;
  }

  /**
   * Several runs in one chart: per run the series {@code pick} gives (e.g. its reward, or its mean
   * invalid-gradient ratio), smoothed by a trailing mean of {@code window} steps.
   */
  public static XYChart compareRuns(java.util.Map<String, MetricsLog> runs,
      java.util.function.Function<MetricsLog, MetricsLog.Series> pick, String title, String yTitle, int window) {
    XYChart c = xy(title + (window > 1 ? " (trailing mean of " + window + " steps)" : ""), "step", yTitle);
    for (var run : runs.entrySet()) {
      MetricsLog.Series s = pick.apply(run.getValue());
      line(c, new MetricsLog.Series(s.key(), s.steps(), trailingMean(s.values(), window)), run.getKey(), 0);
    }
    return c;
  }

  /** One training scalar (loss, KL, clip fraction, ...) over steps; null when it was never logged. */
  public static XYChart scalar(MetricsLog log, String key, String title) {
    MetricsLog.Series s = log.series(key);
    if (s.isEmpty()) return null;
    XYChart c = xy(title, "step", key);
    line(c, s, key, 0);
    c.getStyler().setLegendVisible(false);
    return c;
  }

  /** Grouped bars: per model (x) its overall Pass@1, Avg@k and Major@k in percent, chance as a last bar. */
  public static CategoryChart evaluationBars(List<EvalSummary> evals, String title) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("model")
        .yAxisTitle("accuracy (%)").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setYAxisMin(0.0).setYAxisMax(100.0).setChartBackgroundColor(Color.WHITE);
    c.getStyler().setLabelsVisible(true).setLabelsFontColorAutomaticEnabled(false).setLabelsFontColor(Color.DARK_GRAY);
    List<String> labels = new ArrayList<>();
    List<Number> pass1 = new ArrayList<>();
    List<Number> avg = new ArrayList<>();
    List<Number> major = new ArrayList<>();
    List<Number> chance = new ArrayList<>();
    for (EvalSummary e : evals) {
      labels.add(e.label());
      EvalSummary.Row o = e.overall();
      pass1.add(percent(o.pass1()));
      avg.add(percent(o.avgAtK()));
      major.add(percent(o.majorAtK()));
      chance.add(percent(o.chance()));
    }
    int k = evals.isEmpty() ? 0 : evals.get(0).k();
    c.addSeries("Pass@1", labels, pass1);
    c.addSeries("Avg@" + k, labels, avg);
    c.addSeries("Major@" + k, labels, major);
    c.addSeries("chance", labels, chance);
    return c;
  }

  static double[] trailingMean(double[] v, int window) {
    double[] out = new double[v.length];
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      sum += v[i];
      if (i >= window) sum -= v[i - window];
      out[i] = sum / Math.min(i + 1, window);
    }
    return out;
  }

  private static double percent(double v) {
    return Double.isFinite(v) ? Math.round(1000 * v) / 10.0 : 0.0;
  }

  private static XYChart xy(String title, String x, String y) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setXAxisDecimalPattern("#");
    return c;
  }

  /** Adds {@code s} as a line on {@code axisGroup}; null (nothing added) when it has no points. */
  private static XYSeries line(XYChart c, MetricsLog.Series s, String name, int axisGroup) {
    if (s.isEmpty()) return null;
    XYSeries series = c.addSeries(name, s.steps(), s.values());
    series.setMarker(s.steps().length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    series.setYAxisGroup(axisGroup);
    return series;
  }
}

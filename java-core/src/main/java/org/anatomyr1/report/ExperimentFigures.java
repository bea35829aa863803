// The paper's Figures 5 and 6 drawn from the runs of `experiments --seeds N`, averaged over seeds:
// Figure 5, mean reward (left axis) and mean S(q) of each step's trained prompts (right axis,
// dashed) per step; Figure 6, the invalid-gradient ratio (share of all-wrong groups, counted on the
// groups as first sampled) per anatomy, GRPO beside GRPO+GDQA, as the mean over steps and seeds.
package org.anatomyr1.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

public final class ExperimentFigures {
  static final String SQ_MEAN = "curriculum_sq_mean";

  private ExperimentFigures() {}

  /**
   * Figure 5. {@code runs}: method -> its metrics at each seed. Each series is the per-step mean
   * over the seeds that logged that step, then a trailing mean of {@code window} steps.
   */
  public static XYChart rewardAndSq(Map<String, List<MetricsLog>> runs, int window) {
    XYChart c = new XYChartBuilder().width(Figures.WIDTH).height(Figures.HEIGHT)
        .title("Figure 5: mean reward and mean S(q) of the trained prompts per step" + smoothed(window))
        .xAxisTitle("step").yAxisTitle("reward").build();
    style(c.getStyler());
    c.getStyler().setXAxisDecimalPattern("#");
    boolean sq = false;
    for (var run : runs.entrySet()) {
      add(c, meanOverSeeds(run.getValue(), "reward_mean"), run.getKey() + " reward", 0, window, false);
      sq |= add(c, meanOverSeeds(run.getValue(), SQ_MEAN), run.getKey() + " S(q)", 1, window, true);
    }
    if (sq) {
      c.setYAxisGroupTitle(1, "mean S(q) of the step's prompts");
      c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    }
    return c;
  }

  /**
   * Figure 6. {@code runs}: method (e.g. grpo, grpo+gdqa) -> its metrics at each seed; bars per
   * anatomy of the mean invalid-gradient ratio over all steps and seeds.
   */
  public static CategoryChart invalidGradientPerAnatomy(Map<String, List<MetricsLog>> runs) {
    CategoryChart c = new CategoryChartBuilder().width(Figures.WIDTH).height(Figures.HEIGHT)
        .title("Figure 6: invalid-gradient ratio per anatomy (mean over steps and seeds)").xAxisTitle("anatomy")
        .yAxisTitle("invalid-gradient ratio").build();
    style(c.getStyler());
    c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisLabelRotation(20);
    Map<String, Map<String, Double>> means = meanInvalidPerAnatomy(runs);
    TreeSet<String> anatomies = new TreeSet<>();
    means.values().forEach(m -> anatomies.addAll(m.keySet()));
    if (anatomies.isEmpty()) throw new IllegalArgumentException("no invalid_gradient_ratio/<anatomy> keys in the runs' metrics");
    List<String> x = new ArrayList<>(anatomies);
    for (var m : means.entrySet()) {
      c.addSeries(m.getKey(), x, x.stream().map(a -> (Number) m.getValue().getOrDefault(a, 0.0)).toList());
    }
    return c;
  }

  /** method -> anatomy -> mean of invalid_gradient_ratio/&lt;anatomy&gt; over every logged (seed, step). */
  static Map<String, Map<String, Double>> meanInvalidPerAnatomy(Map<String, List<MetricsLog>> runs) {
    Map<String, Map<String, Double>> out = new java.util.LinkedHashMap<>();
    for (var run : runs.entrySet()) {
      Map<String, double[]> sums = new TreeMap<>(); // anatomy -> {sum, count}
      for (MetricsLog log : run.getValue()) {
        for (String key : log.keysWithPrefix(Figures.INVALID)) {
          double[] acc = sums.computeIfAbsent(key.substring(Figures.INVALID.length()), a -> new double[2]);
          for (double v : log.series(key).values()) {
            acc[0] += v;
            acc[1]++;
          }
        }
      }
      Map<String, Double> m = new TreeMap<>();
      sums.forEach((a, acc) -> m.put(a, acc[0] / acc[1]));
      out.put(run.getKey(), m);
    }
    return out;
  }

  /** Per step, the mean of {@code key} over the logs that have it at that step. */
  static MetricsLog.Series meanOverSeeds(List<MetricsLog> logs, String key) {
    Map<Double, double[]> byStep = new TreeMap<>(); // step -> {sum, count}
    for (MetricsLog log : logs) {
      MetricsLog.Series s = log.series(key);
      for (int i = 0; i < s.steps().length; i++) {
        double[] acc = byStep.computeIfAbsent(s.steps()[i], st -> new double[2]);
        acc[0] += s.values()[i];
        acc[1]++;
      }
    }
    double[] x = new double[byStep.size()];
    double[] y = new double[byStep.size()];
    int i = 0;
    for (var e : byStep.entrySet()) {
      x[i] = e.getKey();
      y[i++] = e.getValue()[0] / e.getValue()[1];
    }
    return new MetricsLog.Series(key, x, y);
  }

  private static boolean add(XYChart c, MetricsLog.Series s, String name, int axis, int window, boolean dashed) {
    if (s.isEmpty()) return false;
    XYSeries series = c.addSeries(name, s.steps(), Figures.trailingMean(s.values(), window));
    series.setMarker(SeriesMarkers.NONE);
    series.setYAxisGroup(axis);
    if (dashed) series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    return true;
  }

  private static void style(Styler s) {
    s.setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setChartBackgroundColor(Color.WHITE);
  }

  private static String smoothed(int window) {
    return window > 1 ? " (trailing mean of " + window + " steps)" : "";
  }
}

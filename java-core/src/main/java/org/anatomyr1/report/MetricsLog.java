// A run's metrics.jsonl read back (one JSON object per optimizer step, keys of the issue-5
// contract): numeric values per step, booleans as 0/1; series by key or key prefix for plotting.
package org.anatomyr1.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public final class MetricsLog {
  /** x (step) and y values of one key, only at the steps that logged a finite value. */
  public record Series(String key, double[] steps, double[] values) {
    public boolean isEmpty() {
      return steps.length == 0;
    }
  }

  private final Path file;
  private final List<Map<String, Double>> rows; // one per logged step, in file order

  private MetricsLog(Path file, List<Map<String, Double>> rows) {
    this.file = file;
    this.rows = rows;
  }

  public static MetricsLog read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read metrics: " + e.getMessage(), e);
    }
    ObjectMapper json = new ObjectMapper();
    List<Map<String, Double>> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) continue;
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // a run killed mid-write leaves a partial last line; anything else is corruption
        if (i == lines.size() - 1) break;
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": not JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a JSON object");
      if (!node.has("step") || !node.get("step").isNumber()) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + " field 'step': missing or not a number");
      }
      Map<String, Double> row = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isNumber()) row.put(e.getKey(), v.asDouble());
        else if (v.isBoolean()) row.put(e.getKey(), v.asBoolean() ? 1.0 : 0.0);
        // strings ("NaN" from writers that quote non-finite values) and nulls are not plotted
      }
      rows.add(row);
    }
    return new MetricsLog(file, rows);
  }

  public Path file() {
    return file;
  }

  public int steps() {
    return rows.size();
  }

  public boolean has(String key) {
    return !series(key).isEmpty();
  }

  public Series series(String key) {
    List<double[]> points = new ArrayList<>();
    for (Map<String, Double> row : rows) {
      Double v = row.get(key);
      if (v != null && Double.isFinite(v)) points.add(new double[] {row.get("step"), v});
    }
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    return new Series(key, x, y);
  }

  /** Per step, the mean of the finite values of all keys starting with {@code prefix} (steps without any skipped). */
  public Series meanOverPrefix(String prefix) {
    List<double[]> points = new ArrayList<>();
    for (Map<String, Double> row : rows) {
      double sum = 0;
      int n = 0;
      for (Map.Entry<String, Double> e : row.entrySet()) {
        if (e.getKey().startsWith(prefix) && Double.isFinite(e.getValue())) {
          sum += e.getValue();
          n++;
        }
      }
      if (n > 0) points.add(new double[] {row.get("step"), sum / n});
    }
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    return new Series(prefix + "*", x, y);
  }

  /** Keys starting with {@code prefix}, in first-seen order. */
  public List<String> keysWithPrefix(String prefix) {
    Set<String> keys = new LinkedHashSet<>();
    for (Map<String, Double> row : rows) for (String k : row.keySet()) if (k.startsWith(prefix)) keys.add(k);
    return new ArrayList<>(keys);
  }

  /** Mean of {@code key} over the first / last {@code fraction} of its logged steps. */
  public double meanOfFraction(String key, double fraction, boolean last) {
    double[] v = series(key).values();
    if (v.length == 0) return Double.NaN;
    int n = Math.max(1, (int) Math.round(v.length * fraction));
    double sum = 0;
    for (int i = 0; i < n; i++) sum += v[last ? v.length - 1 - i : i];
    return sum / n;
  }
}

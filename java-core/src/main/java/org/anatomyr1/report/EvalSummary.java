// An eval.json read back for the report: the model label, k and its rows (category, Pass@1, Avg@k,
// Major@k, Pass@k, chance, text-only), as written by eval.EvalFiles.
package org.anatomyr1.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public record EvalSummary(Path file, String label, int k, int items, List<Row> rows) {
  public record Row(String category, int items, double pass1, double avgAtK, double majorAtK, double passAtK,
      double chance, double textOnly) {}

  public EvalSummary {
    rows = List.copyOf(rows);
  }

  public static EvalSummary read(Path file) {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read evaluation: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) throw new IllegalArgumentException(file + ": not a JSON object");
    JsonNode rows = n.get("rows");
    if (rows == null || !rows.isArray()) throw new IllegalArgumentException(file + " field 'rows': missing or not an array");
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      if (!r.hasNonNull("category")) throw new IllegalArgumentException(file + " rows[" + i + "] field 'category': missing");
      out.add(new Row(r.get("category").asText(), r.path("items").asInt(), num(r, "pass1"), num(r, "avg_at_k"),
          num(r, "major_at_k"), num(r, "pass_at_k"), num(r, "chance"), num(r, "text_only")));
    }
    if (out.isEmpty()) throw new IllegalArgumentException(file + " field 'rows': empty");
    String label = n.hasNonNull("label") ? n.get("label").asText() : file.getParent().getFileName().toString();
    return new EvalSummary(file, label, n.path("k").asInt(0), n.path("items").asInt(0), out);
  }

  public Row overall() {
    return rows.get(rows.size() - 1);
  }

  private static double num(JsonNode r, String key) {
    JsonNode v = r.get(key);
    return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
  }
}

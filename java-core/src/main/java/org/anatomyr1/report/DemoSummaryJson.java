// summary.json of `demo`: each model's Pass@1 / Avg@k / Major@k / Pass@k (percent), chance, the
// text-only model and the training-split answer prior, the curriculum's bins and those it reached,
// and the wall-clock seconds, so that scripts and tests read the outcome without parsing Markdown.
package org.anatomyr1.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.eval.EvalFiles;
import org.anatomyr1.eval.EvalResult;
import org.anatomyr1.eval.Scoreboard;

public final class DemoSummaryJson {
  private DemoSummaryJson() {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param chance         expected accuracy of uniform guessing, in [0, 1]
   * @param textOnlyModel  Pass@1 of the recipe trained and evaluated on blank images, in [0, 1]
   * @param answerPrior    accuracy of the training split's answer prior, in [0, 1]
   * @param bins           curriculum bins
   * @param visited        bins the RL run trained on, in order of first visit
   */
  public static String render(List<EvalResult> models, double chance, double textOnlyModel, double answerPrior,
      int bins, List<Integer> visited, double seconds) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode ms = root.putObject("models");
    for (EvalResult r : models) {
      Scoreboard.Row o = r.overall();
      ObjectNode m = ms.putObject(r.label());
      m.put("pass@1", pct(o.pass1()));
      m.put("avg@k", pct(o.avgAtK()));
      m.put("major@k", pct(o.majorAtK()));
      m.put("pass@k", pct(o.passAtK()));
      m.put("k", r.k());
      m.put("items", o.items());
    }
    root.put("chance", pct(chance));
    root.put("text_only_model", pct(textOnlyModel));
    root.put("answer_prior", pct(answerPrior));
    root.put("curriculum_bins", bins);
    var v = root.putArray("curriculum_bins_visited");
    visited.forEach(v::add);
    root.put("seconds", Math.round(seconds * 10) / 10.0);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path file, String json) {
    EvalFiles.writeAtomically(file, json);
  }

  /** The distinct values of {@code curriculum_bin} in metrics.jsonl, in order of first appearance. */
  public static List<Integer> binsVisited(Path metrics) {
    List<Integer> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(metrics)) {
        if (line.isBlank()) continue;
        JsonNode n = JSON.readTree(line).get("curriculum_bin");
        if (n != null && n.isNumber() && n.asInt() >= 0 && !out.contains(n.asInt())) out.add(n.asInt());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(metrics + ": cannot read: " + e.getMessage(), e);
    }
    return out;
  }

  private static double pct(double x) {
    return Math.round(x * 1000) / 10.0;
  }
}

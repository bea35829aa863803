// Writes an evaluation to a folder: predictions.jsonl (one line per item), eval.json (settings and
// Scoreboard rows with the text-only baseline) and eval.md; each file via temp + atomic rename.
package org.anatomyr1.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.anatomyr1.data.AnswerPriorBaseline;

public final class EvalFiles {
  public static final String PREDICTIONS = "predictions.jsonl";
  public static final String SUMMARY = "eval.json";
  public static final String TABLE = "eval.md";

  private static final ObjectMapper JSON = new ObjectMapper();

  private EvalFiles() {}

  public static void write(EvalResult r, Path dir) {
    StringBuilder lines = new StringBuilder();
    for (Prediction p : r.predictions()) {
      ObjectNode o = JSON.createObjectNode();
      o.put("id", p.id());
      o.put("category", p.category());
      ArrayNode opts = o.putArray("options");
      p.options().forEach(opts::add);
      o.put("answer", p.answerIndex());
      o.put("greedy_completion", p.greedyCompletion());
      o.put("greedy_choice", p.greedyChoice());
      ArrayNode sampled = o.putArray("sampled_choices");
      p.sampledChoices().forEach(sampled::add);
      lines.append(o).append('\n');
    }
    writeAtomically(dir.resolve(PREDICTIONS), lines.toString());
    try {
      writeAtomically(dir.resolve(SUMMARY), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary(r)) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeAtomically(dir.resolve(TABLE), "# Evaluation: " + r.label() + "\n\n" + EvalTables.categoryTable(r) + "\n");
  }

  /** eval.json: what the report reads (rows keyed pass1, avg_at_k, major_at_k, pass_at_k, chance, text_only). */
  public static ObjectNode summary(EvalResult r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("label", r.label());
    o.put("model", r.model());
    o.put("k", r.k());
    o.put("seed", r.seed());
    o.put("max_new_tokens", r.maxNewTokens());
    o.put("items", r.predictions().size());
    o.put("seconds", r.seconds());
    o.put("greedy_no_answer_fraction", r.greedyNoAnswer());
    o.put("text_only_baseline", AnswerPriorBaseline.DESCRIPTION + " (prior from all evaluated items, scored per row)");
    ArrayNode rows = o.putArray("rows");
    for (Scoreboard.Row row : r.rows()) {
      ObjectNode x = rows.addObject();
      x.put("category", row.category());
      x.put("items", row.items());
      x.put("pass1", row.pass1());
      x.put("avg_at_k", row.avgAtK());
      x.put("major_at_k", row.majorAtK());
      x.put("pass_at_k", row.passAtK());
      x.put("chance", row.chance());
      x.put("text_only", r.textOnly().getOrDefault(row.category(), Double.NaN));
    }
    return o;
  }

  /** Writes {@code text} to a temporary sibling and renames it over {@code file}. */
  public static void writeAtomically(Path file, String text) {
    writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The same for bytes (temporary sibling, fsync of file and directory, rename; readable by all). */
  public static void writeAtomically(Path file, byte[] bytes) {
    org.anatomyr1.io.DurableFiles.write(file, bytes);
  }
}

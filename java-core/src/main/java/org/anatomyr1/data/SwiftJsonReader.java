// Reader of the ms-swift dataset JSON the Anatomy-R1 authors train on (shared/data/anatomy-r1):
// a JSON array of {instruction, sft_prompt|sft_instruction, solution, answer, images}; the
// instruction holds preamble, "Question:", the question, "... Options:" and lines "A. text".
package org.anatomyr1.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class SwiftJsonReader implements DatasetReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** "Anatomy Options:" in the reference data; any "<words> Options:" or "Options:" header. */
  private static final Pattern OPTIONS_HEADER =
      Pattern.compile("(?m)^[ \\t]*(?:[A-Za-z ]*\\s)?Options:[ \\t]*$");
  private static final Pattern OPTION_LINE = Pattern.compile("^\\s*([A-J])[.)]\\s*(.*?)\\s*$");
  private static final Pattern QUESTION_MARKER = Pattern.compile("(?m)^[ \\t]*Question:[ \\t]*");

  /** The parts of an instruction: preamble (everything before "Question:"), question, options. */
  public record ParsedInstruction(String preamble, String question, List<String> options) {}

  @Override
  public ReadResult read(Path file) {
    String text = Utf8Text.read(file);
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new DatasetException(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }
    if (root == null || !root.isArray()) {
      throw new DatasetException(file + ": expected a JSON array of records (ms-swift format)");
    }
    String stem = stem(file);
    List<VqaSample> samples = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      VqaSample s = parseRecord(root.get(i), file, i, stem, problems);
      if (s != null && SampleChecks.report(s, file, i, problems)) {
        samples.add(s);
        indices.add(i);
      }
    }
    return new ReadResult(file, DatasetFormat.SWIFT, root.size(), samples, indices, problems);
  }

  private static VqaSample parseRecord(JsonNode r, Path file, int i, String stem, List<Problem> problems) {
    try {
      if (!r.isObject()) throw new RecordProblem(new Problem(file, i, "(record)", Problem.Kind.TEXT, "not a JSON object"));
      ParsedInstruction p = instruction(r, file, i);
      int answerIndex = answerIndex(r, p, file, i);
      String id = String.format(Locale.ROOT, "%s-%04d", stem, i);
      return new VqaSample(id, image(r), p.question(), p.options(), answerIndex,
          p.options().get(answerIndex), null, null, null, "swift:" + file.getFileName(), null, null,
          List.of());
    } catch (RecordProblem e) {
      problems.add(e.problem);
      return null;
    }
  }

  /** A record's one problem: it is reported and the record skipped. */
  private static final class RecordProblem extends Exception {
    final Problem problem;

    RecordProblem(Problem problem) {
      super(problem.toString(), null, false, false);
      this.problem = problem;
    }
  }

  /** The parsed "instruction" (or, when that is not text, "sft_prompt", "sft_instruction" or "query"). */
  private static ParsedInstruction instruction(JsonNode r, Path file, int i) throws RecordProblem {
    String field = "instruction";
    JsonNode instr = r.get("instruction");
    for (String alt : new String[] {"sft_prompt", "sft_instruction", "query"}) {
      if (instr == null || !instr.isTextual()) {
        instr = r.get(alt);
        field = alt;
      }
    }
    if (instr == null || !instr.isTextual()) {
      throw new RecordProblem(new Problem(file, i, "instruction", Problem.Kind.TEXT,
          "missing (also no sft_prompt / sft_instruction / query)"));
    }
    try {
      return parseInstruction(instr.asText());
    } catch (IllegalArgumentException e) {
      throw new RecordProblem(new Problem(file, i, field, Problem.Kind.TEXT, e.getMessage()));
    }
  }

  /** The correct option from "solution" (a letter) and/or "answer" (an option's text); both must agree. */
  private static int answerIndex(JsonNode r, ParsedInstruction p, Path file, int i) throws RecordProblem {
    int answerIndex = -1;
    JsonNode sol = r.get("solution");
    JsonNode ans = r.get("answer");
    if (sol != null && sol.isTextual()) {
      String letter = sol.asText().strip().toUpperCase(Locale.ROOT);
      if (letter.length() != 1 || letter.charAt(0) < 'A' || letter.charAt(0) > 'Z') {
        throw new RecordProblem(new Problem(file, i, "solution", Problem.Kind.TEXT,
            "expected a single letter, got '" + sol.asText() + "'"));
      }
      answerIndex = letter.charAt(0) - 'A';
      if (answerIndex >= p.options().size()) {
        throw new RecordProblem(new Problem(file, i, "solution", Problem.Kind.TEXT, "letter " + letter
            + " but only " + p.options().size() + " options"));
      }
    }
    if (ans != null && ans.isTextual()) {
      int byText = OptionText.match(p.options(), ans.asText());
      if (byText < 0) {
        String dup = OptionText.duplicateReason(p.options(), ans.asText());
        throw new RecordProblem(dup != null ? new Problem(file, i, "options", Problem.Kind.TEXT, dup)
            : new Problem(file, i, "answer", Problem.Kind.TEXT, "answer '" + ans.asText() + "' is not among the options " + p.options()));
      }
      if (answerIndex >= 0 && byText != answerIndex) {
        throw new RecordProblem(new Problem(file, i, "solution", Problem.Kind.TEXT, "letter "
            + VqaSample.letter(answerIndex) + " disagrees with answer '" + ans.asText() + "'"));
      }
      answerIndex = byText;
    }
    if (answerIndex < 0) {
      throw new RecordProblem(new Problem(file, i, "solution", Problem.Kind.TEXT, "missing (and no answer text)"));
    }
    return answerIndex;
  }

  /** The first of "images" (or "images" itself when a string), stripped; null when none. */
  private static String image(JsonNode r) {
    JsonNode img = r.get("images");
    if (img != null && img.isArray() && !img.isEmpty()) img = img.get(0);
    return img != null && img.isTextual() ? img.asText().strip() : null; // GRPO.json has a leading space
  }

  /** Splits an Anatomy-R1 instruction; throws with a reason when it has no option block. */
  public static ParsedInstruction parseInstruction(String instruction) {
    String text = instruction.replace("\r\n", "\n").replace("<image>", "");
    Matcher h = OPTIONS_HEADER.matcher(text);
    int headerStart = -1;
    int headerEnd = -1;
    while (h.find()) {
      headerStart = h.start();
      headerEnd = h.end();
    }
    if (headerStart < 0) throw new IllegalArgumentException("no 'Options:' line before the option list");
    List<String> options = new ArrayList<>();
    for (String line : text.substring(headerEnd).split("\n")) {
      if (line.isBlank()) continue;
      Matcher m = OPTION_LINE.matcher(line);
      if (!m.matches()) throw new IllegalArgumentException("option line not like 'A. text': '" + line.strip() + "'");
      char want = VqaSample.letter(options.size());
      if (m.group(1).charAt(0) != want) {
        throw new IllegalArgumentException("option letters out of order: expected " + want + ", got " + m.group(1));
      }
      options.add(m.group(2));
    }
    String before = text.substring(0, headerStart);
    Matcher q = QUESTION_MARKER.matcher(before);
    int qEnd = -1;
    int qStart = 0;
    while (q.find()) {
      qStart = q.start();
      qEnd = q.end();
    }
    String preamble = qEnd < 0 ? "" : before.substring(0, qStart).strip();
    String question = (qEnd < 0 ? before : before.substring(qEnd)).strip();
    return new ParsedInstruction(preamble, question, options);
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}

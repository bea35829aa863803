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
    if (!r.isObject()) {
      problems.add(new Problem(file, i, "(record)", Problem.Kind.TEXT, "not a JSON object"));
      return null;
    }
    String field = "instruction";
    JsonNode instr = r.get("instruction");
    for (String alt : new String[] {"sft_prompt", "sft_instruction", "query"}) {
      if (instr == null || !instr.isTextual()) {
        instr = r.get(alt);
        field = alt;
      }
    }
    if (instr == null || !instr.isTextual()) {
      problems.add(new Problem(file, i, "instruction", Problem.Kind.TEXT,
          "missing (also no sft_prompt / sft_instruction / query)"));
      return null;
    }
    ParsedInstruction p;
    try {
      p = parseInstruction(instr.asText());
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(file, i, field, Problem.Kind.TEXT, e.getMessage()));
      return null;
    }
    int answerIndex = -1;
    JsonNode sol = r.get("solution");
    JsonNode ans = r.get("answer");
    if (sol != null && sol.isTextual()) {
      String letter = sol.asText().strip().toUpperCase(Locale.ROOT);
      if (letter.length() == 1 && letter.charAt(0) >= 'A' && letter.charAt(0) <= 'Z') {
        answerIndex = letter.charAt(0) - 'A';
        if (answerIndex >= p.options().size()) {
          problems.add(new Problem(file, i, "solution", Problem.Kind.TEXT, "letter " + letter
              + " but only " + p.options().size() + " options"));
          return null;
        }
      } else {
        problems.add(new Problem(file, i, "solution", Problem.Kind.TEXT,
            "expected a single letter, got '" + sol.asText() + "'"));
        return null;
      }
    }
    if (ans != null && ans.isTextual()) {
      int byText = OptionText.match(p.options(), ans.asText());
      if (byText < 0) {
        String dup = OptionText.duplicateReason(p.options(), ans.asText());
        problems.add(dup != null ? new Problem(file, i, "options", Problem.Kind.TEXT, dup)
            : new Problem(file, i, "answer", Problem.Kind.TEXT, "answer '" + ans.asText() + "' is not among the options " + p.options()));
        return null;
      }
      if (answerIndex >= 0 && byText != answerIndex) {
        problems.add(new Problem(file, i, "solution", Problem.Kind.TEXT, "letter "
            + VqaSample.letter(answerIndex) + " disagrees with answer '" + ans.asText() + "'"));
        return null;
      }
      answerIndex = byText;
    }
    if (answerIndex < 0) {
      problems.add(new Problem(file, i, "solution", Problem.Kind.TEXT, "missing (and no answer text)"));
      return null;
    }
    String image = null;
    JsonNode img = r.get("images");
    if (img != null && img.isArray() && !img.isEmpty()) img = img.get(0);
    if (img != null && img.isTextual()) image = img.asText().strip(); // GRPO.json has a leading space
    String id = String.format(Locale.ROOT, "%s-%04d", stem, i);
    return new VqaSample(id, image, p.question(), p.options(), answerIndex,
        p.options().get(answerIndex), null, null, null, "swift:" + file.getFileName(), null, null,
        List.of());
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

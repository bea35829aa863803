// Reader of OmniMedVQA QA_information files (shared/research/data_eval.md section 1): a JSON array
// of {question_id, question, gt_answer (text), option_A..option_D (2-4 present), image_path,
// modality_type (one file says "modality"), question_type, dataset}; optional filters.
package org.anatomyr1.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public final class OmniMedReader implements DatasetReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String modality;
  private final String questionType;

  /**
   * @param modality     keep only records whose modality_type matches loosely (e.g. "Microscopy
   *                     Images"; case, spaces and punctuation ignored, prefix match), or null
   * @param questionType keep only this question_type (e.g. "Anatomy Identification"), or null
   */
  public OmniMedReader(String modality, String questionType) {
    this.modality = modality;
    this.questionType = questionType;
  }

  @Override
  public ReadResult read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Utf8Text.read(file));
    } catch (JsonProcessingException e) {
      throw new DatasetException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isArray()) {
      throw new DatasetException(file + ": expected a JSON array of QA records (OmniMedVQA format)");
    }
    List<VqaSample> samples = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int kept = 0;
    for (int i = 0; i < root.size(); i++) {
      JsonNode r = root.get(i);
      if (!r.isObject()) {
        kept++;
        problems.add(new Problem(file, i, "(record)", Problem.Kind.TEXT, "not a JSON object"));
        continue;
      }
      String mod = text(r, "modality_type");
      if (mod == null) mod = text(r, "modality");
      if (modality != null && (mod == null || !loose(mod).startsWith(loose(modality)))) continue;
      String qt = text(r, "question_type");
      if (questionType != null && (qt == null || !loose(qt).equals(loose(questionType)))) continue;
      kept++;
      VqaSample s = parse(r, file, i, mod, qt, problems);
      if (s != null && SampleChecks.report(s, file, i, problems)) {
        samples.add(s);
        indices.add(i);
      }
    }
    // `records` counts the records that passed the filters: filtered-out ones are not problems
    return new ReadResult(file, DatasetFormat.OMNIMED, kept, samples, indices, problems);
  }

  private static VqaSample parse(JsonNode r, Path file, int i, String mod, String qt, List<Problem> problems) {
    List<String> options = new ArrayList<>();
    for (char c = 'A'; c <= 'F'; c++) {
      String o = text(r, "option_" + c);
      if (o == null) break;
      options.add(o);
    }
    String q = text(r, "question");
    String gt = text(r, "gt_answer");
    if (q == null) {
      problems.add(new Problem(file, i, "question", Problem.Kind.TEXT, "missing"));
      return null;
    }
    if (gt == null) {
      problems.add(new Problem(file, i, "gt_answer", Problem.Kind.TEXT, "missing"));
      return null;
    }
    int answer = OptionText.match(options, gt);
    if (answer < 0) {
      String dup = OptionText.duplicateReason(options, gt);
      problems.add(dup != null ? new Problem(file, i, "options", Problem.Kind.TEXT, dup)
          : new Problem(file, i, "gt_answer", Problem.Kind.TEXT, "'" + gt + "' matches no option of " + options));
      return null;
    }
    String id = text(r, "question_id");
    if (id == null) id = SwiftJsonReader.stem(file) + "-" + i;
    String category = qt != null ? qt : (mod != null ? mod : "unknown");
    return new VqaSample(id, text(r, "image_path"), q, options, answer, category, null, null, null,
        "omnimed:" + (mod == null ? "?" : mod), null, null, List.of());
  }

  private static String text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** "OCT (Optical Coherence Tomography" and "MR (Mag-netic ...)" style strings: letters only. */
  static String loose(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}

// Reader and writer of the canonical dataset format (ARCHITECTURE.md "Canonical dataset"): JSON
// Lines, one item per line: id, image, question, options, answer_index, category, optional
// difficulty, bin, split, source, and (GDQA variants) source_id, variant, objects.
package org.anatomyr1.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class CanonicalJsonl implements DatasetReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Record index = 0-based line number; blank lines are skipped (they are not records). */
  @Override
  public ReadResult read(Path file) {
    byte[] bytes = Utf8Text.readBytes(file);
    List<VqaSample> samples = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int records = 0;
    int line = 0;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] != '\n') continue;
      byte[] lineBytes = Arrays.copyOfRange(bytes, start, i);
      start = i + 1;
      int index = line++;
      String text;
      try {
        text = Utf8Text.decodeOrThrow(lineBytes);
      } catch (CharacterCodingException e) {
        records++;
        problems.add(new Problem(file, index, "(record)", Problem.Kind.TEXT, "not UTF-8"));
        continue;
      }
      if (text.isBlank()) continue;
      records++;
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        problems.add(new Problem(file, index, "(record)", Problem.Kind.TEXT,
            "not a JSON object: " + e.getOriginalMessage()));
        continue;
      }
      VqaSample s = parse(node, file, index, problems);
      if (s != null && SampleChecks.report(s, file, index, problems)) {
        samples.add(s);
        indices.add(index);
      }
    }
    return new ReadResult(file, DatasetFormat.CANONICAL, records, samples, indices, problems);
  }

  /** Converts one JSON object; returns null (after reporting) when a field has the wrong type. */
  static VqaSample parse(JsonNode node, Path file, int index, List<Problem> problems) {
    if (!node.isObject()) {
      problems.add(new Problem(file, index, "(record)", Problem.Kind.TEXT, "not a JSON object"));
      return null;
    }
    Fields f = new Fields(node, file, index, problems);
    String id = f.text("id", true);
    String image = f.text("image", false);
    String question = f.text("question", true);
    List<String> options = f.texts("options");
    Integer answer = f.integer("answer_index", true);
    String category = f.text("category", false);
    Double difficulty = f.number("difficulty");
    Integer bin = f.integer("bin", false);
    String split = f.text("split", false);
    String source = f.text("source", false);
    String sourceId = f.text("source_id", false);
    String variant = f.text("variant", false);
    List<ObjectBox> objects = f.boxes("objects");
    if (f.failed) return null;
    return new VqaSample(id, image, question, options, answer, category, difficulty, bin, split,
        source, sourceId, variant, objects);
  }

  /** Writes items as canonical JSONL (fixed field order, '\n' line ends: byte-identical reruns). */
  public static void write(Path file, List<VqaSample> samples) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      org.anatomyr1.io.DurableFiles.write(file, out -> { // temporary sibling, fsync, rename
        Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (VqaSample s : samples) {
          w.write(JSON.writeValueAsString(toJson(s)));
          w.write('\n');
        }
        w.flush();
      });
    } catch (java.io.UncheckedIOException e) {
      throw new DatasetException(e.getMessage(), e);
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  public static ObjectNode toJson(VqaSample s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", s.id());
    if (s.image() != null) o.put("image", s.image());
    o.put("question", s.question());
    ArrayNode opts = o.putArray("options");
    s.options().forEach(opts::add);
    o.put("answer_index", s.answerIndex());
    if (s.category() != null) o.put("category", s.category());
    if (s.difficulty() != null) o.put("difficulty", s.difficulty());
    if (s.bin() != null) o.put("bin", s.bin());
    if (s.split() != null) o.put("split", s.split());
    if (s.source() != null) o.put("source", s.source());
    if (s.sourceId() != null) o.put("source_id", s.sourceId());
    if (s.variant() != null) o.put("variant", s.variant());
    if (!s.objects().isEmpty()) {
      ArrayNode arr = o.putArray("objects");
      for (ObjectBox b : s.objects()) {
        ObjectNode ob = arr.addObject();
        ob.put("label", b.label());
        ArrayNode box = ob.putArray("box");
        box.add(b.x0()).add(b.y0()).add(b.x1()).add(b.y1());
      }
    }
    return o;
  }

  /** Typed field access that records a problem (file, record, field) instead of throwing. */
  private static final class Fields {
    final JsonNode node;
    final Path file;
    final int index;
    final List<Problem> problems;
    boolean failed;

    Fields(JsonNode node, Path file, int index, List<Problem> problems) {
      this.node = node;
      this.file = file;
      this.index = index;
      this.problems = problems;
    }

    void fail(String field, String msg) {
      problems.add(new Problem(file, index, field, Problem.Kind.TEXT, msg));
      failed = true;
    }

    String text(String field, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        if (required) fail(field, "missing");
        return null;
      }
      if (!v.isTextual()) {
        fail(field, "expected a string, got " + v.getNodeType());
        return null;
      }
      return v.asText();
    }

    Integer integer(String field, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        if (required) fail(field, "missing");
        return required ? 0 : null;
      }
      if (!v.canConvertToInt() || !v.isIntegralNumber()) {
        fail(field, "expected an integer, got " + v);
        return 0;
      }
      return v.asInt();
    }

    Double number(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) return null;
      if (!v.isNumber()) {
        fail(field, "expected a number, got " + v);
        return null;
      }
      return v.asDouble();
    }

    List<String> texts(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isArray()) {
        fail(field, v == null ? "missing" : "expected a list of strings");
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (JsonNode e : v) {
        if (!e.isTextual()) {
          fail(field, "option " + out.size() + " is not a string");
          return List.of();
        }
        out.add(e.asText());
      }
      return out;
    }

    List<ObjectBox> boxes(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) return List.of();
      List<ObjectBox> out = new ArrayList<>();
      if (!v.isArray()) {
        fail(field, "expected a list of {label, box}");
        return out;
      }
      for (JsonNode e : v) {
        JsonNode box = e.get("box");
        JsonNode label = e.get("label");
        if (label == null || !label.isTextual() || box == null || !box.isArray() || box.size() != 4) {
          fail(field, "entry " + out.size() + " needs label and box [x0, y0, x1, y1]");
          return List.of();
        }
        try {
          out.add(new ObjectBox(label.asText(), box.get(0).asInt(), box.get(1).asInt(),
              box.get(2).asInt(), box.get(3).asInt()));
        } catch (IllegalArgumentException ex) {
          fail(field, ex.getMessage());
          return List.of();
        }
      }
      return out;
    }
  }
}

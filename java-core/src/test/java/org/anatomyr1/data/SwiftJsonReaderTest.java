package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwiftJsonReaderTest {
  @TempDir Path dir;

  static final String INSTRUCTION = "You are an expert. Answer in <answer> </answer> tags.\nQuestion:\n"
      + "What anatomy is at the top-left of the frame ?\nAnatomy Options:\nA. Liver\nB. Cystic Plate\nC. Gut\nD. Abdominal Wall Cavity";

  @Test
  void splitsInstructionIntoPreambleQuestionOptions() {
    var p = SwiftJsonReader.parseInstruction(INSTRUCTION);
    assertEquals("You are an expert. Answer in <answer> </answer> tags.", p.preamble());
    assertEquals("What anatomy is at the top-left of the frame ?", p.question());
    assertEquals(List.of("Liver", "Cystic Plate", "Gut", "Abdominal Wall Cavity"), p.options());
  }

  @Test
  void readsRecordsAndReportsBadOnes() throws IOException {
    ObjectMapper m = new ObjectMapper();
    var arr = m.createArrayNode();
    arr.addObject().put("instruction", INSTRUCTION).put("solution", "D").put("answer", "Abdominal Wall Cavity")
        .put("images", " /CholecT45/data/VID35/002056.png");
    arr.addObject().put("instruction", INSTRUCTION).put("solution", "A").put("answer", "Gut");
    arr.addObject().put("instruction", "no options here").put("solution", "A");
    arr.addObject().put("sft_instruction", "<image>" + INSTRUCTION).put("solution", "C");
    arr.addObject().put("instruction", INSTRUCTION).put("solution", "AB");
    arr.add(3);
    Path f = dir.resolve("t.json");
    Files.writeString(f, m.writeValueAsString(arr));
    ReadResult r = new SwiftJsonReader().read(f);
    assertEquals(6, r.records());
    assertEquals(List.of(0, 3), r.recordIndices());
    VqaSample s = r.samples().get(0);
    assertEquals("/CholecT45/data/VID35/002056.png", s.image(), "stray whitespace removed");
    assertEquals(3, s.answerIndex());
    assertEquals("Abdominal Wall Cavity", s.category());
    assertEquals("t-0000", s.id());
    assertEquals(2, r.samples().get(1).answerIndex());
    CanonicalJsonlTest.assertHas(r, 1, "solution", "disagrees");
    CanonicalJsonlTest.assertHas(r, 2, "instruction", "no 'Options:' line");
    CanonicalJsonlTest.assertHas(r, 4, "solution", "single letter");
    CanonicalJsonlTest.assertHas(r, 5, "(record)", "not a JSON object");
  }

  @Test
  void notJsonIsAOneLineErrorWithPosition() throws IOException {
    Path f = dir.resolve("broken.json");
    Files.writeString(f, "[{\"a\": 1,]");
    DatasetException e = assertThrows(DatasetException.class, () -> new SwiftJsonReader().read(f));
    assertTrue(e.getMessage().startsWith(f + ": not valid JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }

  /** All 3,000 reference records parse, and the parse agrees with their solution/answer fields. */
  @Test
  void referenceFilesParseCompletely() throws IOException {
    ObjectMapper m = new ObjectMapper();
    int total = 0;
    for (String name : SharedData.FILES) {
      Path f = SharedData.file(name);
      ReadResult r = new SwiftJsonReader().read(f);
      assertEquals(1000, r.records(), name);
      assertEquals(1000, r.samples().size(), name + ": " + r.problems());
      assertTrue(r.problems().isEmpty(), r.problems().toString());
      JsonNode raw = m.readTree(f.toFile());
      Map<String, Integer> answers = new HashMap<>();
      for (int i = 0; i < 1000; i++) {
        VqaSample s = r.samples().get(i);
        assertEquals(raw.get(i).get("answer").asText(), s.answer(), name + " record " + i);
        assertEquals(raw.get(i).get("solution").asText().charAt(0) - 'A', s.answerIndex());
        assertEquals(4, s.options().size());
        assertFalse(s.image().startsWith(" "));
        assertFalse(s.question().contains("Options:"));
        answers.merge(s.answer(), 1, Integer::sum);
      }
      assertEquals(6, answers.size(), name + " has the six anatomy classes: " + answers);
      total += r.samples().size();
    }
    assertEquals(3000, total);
  }

  @Test
  void grpoAnswerCountsMatchTheResearchNotes() {
    ReadResult r = new SwiftJsonReader().read(SharedData.file("GRPO.json"));
    Map<String, Integer> counts = new HashMap<>();
    r.samples().forEach(s -> counts.merge(s.category(), 1, Integer::sum));
    // data_eval.md section 6: Liver 232, Omentum 187, Abdominal Wall Cavity 178, Gallbladder 147, Cystic Plate 141, Gut 115
    assertEquals(Map.of("Liver", 232, "Omentum", 187, "Abdominal Wall Cavity", 178, "Gallbladder", 147,
        "Cystic Plate", 141, "Gut", 115), counts);
  }
}

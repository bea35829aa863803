package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanonicalJsonlTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsEveryField() {
    VqaSample a = new VqaSample("a1", "images/x.png", "What anatomy is at the top-left of the frame ?",
        List.of("Liver", "Gut", "Omentum"), 2, "Omentum", 0.625, 1, "train", "synth", "src-9",
        "text=permute;image=none", List.of(new ObjectBox("Omentum", 1, 2, 30, 40)));
    VqaSample b = VqaSample.of("b2", null, "Q\u00e9?", List.of("x", "y"), 0, null);
    Path f = dir.resolve("d.jsonl");
    CanonicalJsonl.write(f, List.of(a, b));
    ReadResult r = new CanonicalJsonl().read(f);
    assertEquals(List.of(a, b), r.samples());
    assertEquals(2, r.records());
    assertTrue(r.problems().isEmpty(), r.problems().toString());
  }

  @Test
  void writingTwiceGivesIdenticalBytes() throws IOException {
    VqaSample a = VqaSample.of("a", "i.png", "q", List.of("x", "y"), 1, "c").withDifficulty(0.1 + 0.2, 3);
    CanonicalJsonl.write(dir.resolve("1.jsonl"), List.of(a));
    CanonicalJsonl.write(dir.resolve("2.jsonl"), List.of(a));
    assertArrayEquals(Files.readAllBytes(dir.resolve("1.jsonl")), Files.readAllBytes(dir.resolve("2.jsonl")));
  }

  @Test
  void badRecordsAreReportedWithLineAndFieldAndSkipped() throws IOException {
    Path f = dir.resolve("bad.jsonl");
    byte[] badUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    String good = "{\"id\":\"ok\",\"question\":\"q\",\"options\":[\"a\",\"b\"],\"answer_index\":1}";
    try (var out = Files.newOutputStream(f)) {
      out.write((good + "\n").getBytes(StandardCharsets.UTF_8));                                        // 0
      out.write("{\"id\":\"x\",\"question\":\"q\",\"options\":[\"a\",\"b\"],\"answer_index\":5}\n".getBytes()); // 1
      out.write("{\"id\":\"y\",\"question\":\" \",\"options\":[\"a\",\"A \"],\"answer_index\":0}\n".getBytes());  // 2
      out.write("{\"id\":\"z\",\"question\":\"q\",\"options\":\"a\",\"answer_index\":0}\n".getBytes());         // 3
      out.write("not json\n".getBytes());                                                               // 4
      out.write("\n".getBytes());                                                                       // 5 blank
      out.write(badUtf8);                                                                               // 6
      out.write("\n{\"id\":\"w\",\"question\":\"q\",\"options\":[\"a\"],\"answer_index\":0}".getBytes());      // 7
    }
    ReadResult r = new CanonicalJsonl().read(f);
    assertEquals(7, r.records(), "blank line is not a record");
    assertEquals(List.of("ok"), r.samples().stream().map(VqaSample::id).toList());
    assertEquals(List.of(0), r.recordIndices());
    assertHas(r, 1, "answer_index", "not among 2 options");
    assertHas(r, 2, "question", "empty question");
    assertHas(r, 2, "options", "duplicate option");
    assertHas(r, 3, "options", "expected a list");
    assertHas(r, 4, "(record)", "not a JSON object");
    assertHas(r, 6, "(record)", "not UTF-8");
    assertHas(r, 7, "options", "fewer than 2 options");
    for (Problem p : r.problems()) assertTrue(p.toString().contains("bad.jsonl record "), p.toString());
  }

  static void assertHas(ReadResult r, int index, String field, String text) {
    assertTrue(r.problems().stream().anyMatch(p -> p.recordIndex() == index && p.field().equals(field)
        && p.message().contains(text)), "expected problem at " + index + "/" + field + " '" + text + "' in " + r.problems());
  }

  @Test
  void missingFileIsAOneLineError() {
    DatasetException e = assertThrows(DatasetException.class, () -> new CanonicalJsonl().read(dir.resolve("nope.jsonl")));
    assertTrue(e.getMessage().contains("nope.jsonl: no such file"), e.getMessage());
  }
}

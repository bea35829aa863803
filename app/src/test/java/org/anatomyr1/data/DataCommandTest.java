package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
  @TempDir Path dir;

  /** Issue 4 acceptance: 1,000 text-valid records, images reported missing, no crash. */
  @Test
  void validateGrpoReportsTextValidAndMissingImages() {
    Path grpo = SharedData.file("GRPO.json");
    CliCapture.Run r = CliCapture.run("data", "validate", "--format", "swift", grpo.toString(), "--max-problems", "3");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("records: 1000, text-valid: 1000, rejected: 0"), r.out());
    assertTrue(r.out().contains("images: 0 ok, 1000 with problems"), r.out());
    assertTrue(r.out().contains("missing image"), r.out());
    assertTrue(r.out().contains("chance level: 0.2500"), r.out());
    assertTrue(r.out().contains("text-only baseline: 0.3"), r.out());
    CliCapture.Run strict = CliCapture.run("data", "validate", "--strict", grpo.toString(), "--max-problems", "0");
    assertEquals(2, strict.exit());
    assertTrue(strict.err().contains("--strict: 1000 problem(s)"), strict.err());
  }

  @Test
  void convertThenValidateCanonical() throws IOException {
    Path grpo = SharedData.file("GRPO.json");
    Path out = dir.resolve("grpo.jsonl");
    // the shared file's images are not on this machine: refused unless allowed explicitly (issue 12)
    CliCapture.Run refused = CliCapture.run("data", "convert", "--format", "swift", grpo.toString(), "--out", out.toString());
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("1000 of 1000 records name images that do not exist"), refused.err());
    assertTrue(Files.notExists(out));
    CliCapture.Run c = CliCapture.run("data", "convert", "--format", "swift", grpo.toString(), "--out", out.toString(),
        "--allow-missing-images");
    assertEquals(0, c.exit(), c.err());
    assertEquals(1000, Files.readAllLines(out).size());
    ReadResult back = new CanonicalJsonl().read(out);
    ReadResult orig = new SwiftJsonReader().read(grpo);
    assertEquals(orig.samples(), back.samples());
    CliCapture.Run v = CliCapture.run("data", "validate", out.toString(), "--no-images");
    assertEquals(0, v.exit(), v.err());
    assertTrue(v.out().contains("(format canonical)"), v.out());
  }

  @Test
  void corruptImageIsAReportedProblem() throws IOException {
    Files.write(dir.resolve("bad.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    CanonicalJsonl.write(dir.resolve("d.jsonl"), java.util.List.of(
        VqaSample.of("a", "bad.png", "q?", java.util.List.of("x", "y"), 0, "c")));
    CliCapture.Run v = CliCapture.run("data", "validate", dir.resolve("d.jsonl").toString());
    assertEquals(0, v.exit(), v.err());
    assertTrue(v.out().contains("record 0 field 'image': item a: unreadable image"), v.out());
  }

  @Test
  void unknownFormatAndMissingFileGiveOneLineErrors() {
    CliCapture.Run a = CliCapture.run("data", "validate", "--format", "xml", "x.json");
    assertEquals(2, a.exit());
    assertTrue(a.err().contains("unknown dataset format 'xml'; valid: canonical, swift, omnimed"), a.err());
    CliCapture.Run b = CliCapture.run("data", "validate", "--format", "swift", dir.resolve("none.json").toString());
    assertEquals(2, b.exit());
    assertTrue(b.err().contains("none.json: no such file"), b.err());
    assertEquals(1, b.err().strip().lines().count(), b.err());
  }
}

// Outputs that would overwrite their input are refused and the input stays byte-identical; bad records
// are counted ("N of M records skipped") with the first reasons, and --strict makes them fatal.
package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputOverInputTest {
  static Path dataWithOneBadRecord(Path dir) throws Exception {
    Path f = dir.resolve("d.jsonl");
    Files.writeString(f, """
        {"id":"a","question":"Which organ?","options":["liver","gallbladder"],"answer_index":0}
        {"id":"b","question":"Which tool?","options":["grasper","hook"],"answer_index":7}
        {"id":"c","question":"Which side?","options":["left","right"],"answer_index":1}
        """);
    return f;
  }

  @Test
  void convertAndDifficultyRefuseToOverwriteTheirInput(@TempDir Path dir) throws Exception {
    Path in = dataWithOneBadRecord(dir);
    CliRefusal.assertRefused(List.of(dir), List.of("is the input file"), "data", "convert", in.toString(), "--out",
        in.toString());
    CliRefusal.assertRefused(List.of(dir), List.of("is the input file"), "data", "convert", in.toString(), "--out",
        dir.resolve("x/../d.jsonl").toString());
    CliRefusal.assertRefused(List.of(dir), List.of("is the input file"), "difficulty", "--data", in.toString(), "--out",
        in.toString());
  }

  @Test
  void difficultyCountsSkippedRecordsAndStrictMakesThemFatal(@TempDir Path dir) throws Exception {
    Path in = dataWithOneBadRecord(dir);
    Path out = dir.resolve("scored.jsonl");
    CliCapture.Run r = CliCapture.run("difficulty", "--data", in.toString(), "--out", out.toString(),
        "--bins", "2");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("1 of 3 records skipped in " + in), r.out());
    assertTrue(r.out().contains("record 1 field 'answer_index'"), r.out());
    CliRefusal.assertRefused(List.of(dir), List.of("--strict: 1 of 3 records", "record 1"), "difficulty", "--data", in.toString(),
        "--out", dir.resolve("strict.jsonl").toString(), "--strict");
  }

  @Test
  void evalCountsSkippedRecordsAndStrictRefusesBeforeLoadingTheModel(@TempDir Path dir) throws Exception {
    Path in = dataWithOneBadRecord(dir);
    Path noModel = dir.resolve("no-model");
    CliRefusal.assertRefused(List.of(dir), List.of("--strict: 1 of 3 records in " + in, "record 1 field 'answer_index'"),
        "eval", "--model", noModel.toString(), "--data", in.toString(), "--strict");
    CliCapture.Run r = CliCapture.run("eval", "--model", noModel.toString(), "--data", in.toString());
    assertTrue(r.out().contains("1 of 3 records skipped in " + in), r.out()); // then the missing model stops it
    assertEquals(2, r.exit());
  }
}

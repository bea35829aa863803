// `anatomy-r1 eval` end to end on a random tiny model and a few synthetic items: exits 0, prints
// the table and writes predictions.jsonl (one line per item), eval.json and eval.md; a missing
// dataset file is a one-line error (exit 2).
package org.anatomyr1.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.eval.TinyEvalFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  static final long SEED = 4L;

  @Test
  void evaluatesAndWritesFiles(@TempDir Path tmp) throws Exception {
    System.out.println("EvalCommandTest seed " + SEED);
    List<VqaSample> items = TinyEvalFixture.items(tmp.resolve("data"), 5, SEED);
    Path model = TinyEvalFixture.tinyModel(tmp.resolve("model"), items, SEED);
    Path out = tmp.resolve("eval");
    PrintStream old = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(printed, true));
      rc = Main.run("eval", "--model", model.toString(), "--data", tmp.resolve("data/items.jsonl").toString(), "--k", "2",
          "--max-new-tokens", "4", "--limit", "4", "--out", out.toString(), "--seed", String.valueOf(SEED));
    } finally {
      System.setOut(old);
    }
    assertEquals(0, rc, printed.toString());
    assertTrue(printed.toString().contains("| overall | 4 |"), printed.toString());
    assertEquals(4, Files.readAllLines(out.resolve("predictions.jsonl")).size());
    assertTrue(Files.exists(out.resolve("eval.json")) && Files.exists(out.resolve("eval.md")));
  }

  @Test
  void missingDataIsOneLineError(@TempDir Path tmp) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc;
    try {
      System.setErr(new PrintStream(err, true));
      rc = Main.run("eval", "--model", tmp.toString(), "--data", tmp.resolve("nope.jsonl").toString());
    } finally {
      System.setErr(old);
    }
    assertEquals(2, rc);
    assertTrue(err.toString().contains("nope.jsonl") && err.toString().strip().lines().count() == 1, err.toString());
  }
}

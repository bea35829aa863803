// Atomic, durable writes: a replaced file or directory is either the old or the new one; a re-saved
// directory is swapped as a whole; stale temporaries are removed (and an aside copy put back) with a
// log line; an output equal to an input is refused.
package org.anatomyr1.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
  @Test
  void writeReplacesWholeAndLeavesNoTemporary(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("sub/report.html");
    DurableFiles.writeString(f, "old");
    DurableFiles.writeString(f, "new");
    assertEquals("new", Files.readString(f));
    assertThrows(java.io.UncheckedIOException.class, () -> DurableFiles.write(f, out -> {
      out.write("half".getBytes());
      throw new IOException("disk full");
    }));
    assertEquals("new", Files.readString(f), "a failed write leaves the old file");
    try (var s = Files.list(f.getParent())) {
      assertEquals(List.of(f), s.toList(), "no temporary left behind");
    }
  }

  @Test
  void publishSwapsADirectoryAsAWhole(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("step-2");
    Path tmp = DurableFiles.temporaryDirectoryFor(target);
    Files.createDirectories(tmp);
    Files.writeString(tmp.resolve("a"), "1");
    DurableFiles.publishDirectory(tmp, target);
    Files.createDirectories(tmp);
    Files.writeString(tmp.resolve("b"), "2");
    DurableFiles.publishDirectory(tmp, target);
    assertFalse(Files.exists(target.resolve("a")), "the old directory is gone as a whole");
    assertEquals("2", Files.readString(target.resolve("b")));
    assertFalse(Files.exists(tmp));
    assertFalse(Files.exists(dir.resolve(".step-2.old.tmp")));
  }

  @Test
  void staleTemporariesAreRemovedOrRestoredWithALogLine(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve(".step-4.tmp/x"));
    Files.writeString(dir.resolve(".metrics.jsonl.123.tmp"), "torn");
    Files.createDirectories(dir.resolve(".final.old.tmp")); // killed between the two renames: final/ missing
    Files.writeString(dir.resolve(".final.old.tmp/config.json"), "{}");
    Files.writeString(dir.resolve("keep.txt"), "k");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<Path> handled = DurableFiles.removeStaleTemporaries(dir, new PrintStream(log, true));
    assertEquals(3, handled.size());
    String text = log.toString();
    assertTrue(text.contains("removed stale temporary " + dir.resolve(".step-4.tmp")), text);
    assertTrue(text.contains("restored " + dir.resolve("final")), text);
    assertEquals("{}", Files.readString(dir.resolve("final/config.json")));
    assertTrue(Files.exists(dir.resolve("keep.txt")));
    assertFalse(Files.exists(dir.resolve(".step-4.tmp")));
  }

  @Test
  void outputEqualToAnInputIsRefused(@TempDir Path dir) throws IOException {
    Path in = Files.writeString(dir.resolve("in.jsonl"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DurableFiles.refuseOverwritingInput("--out", dir.resolve("./sub/../in.jsonl"), in));
    assertTrue(e.getMessage().contains("is the input file"), e.getMessage());
    DurableFiles.refuseOverwritingInput("--out", dir.resolve("out.jsonl"), in);
  }
}

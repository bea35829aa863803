// Runs the CLI in-process and asserts a refusal: exit code 2, a one-line message that contains the
// expected parts, and no change to any file under the protected paths (inputs and earlier outputs).
package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

public final class CliRefusal {
  private CliRefusal() {}

  /** The refusal's message (stderr, one line). */
  public static String assertRefused(List<Path> untouched, List<String> expectedParts, String... args) {
    Path[] roots = untouched.toArray(Path[]::new);
    FilesSnapshot before = FilesSnapshot.of(roots);
    CliCapture.Run r = CliCapture.run(args);
    assertEquals(2, r.exit(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), "one-line error expected, got:\n" + err);
    for (String part : expectedParts) assertTrue(err.contains(part), "'" + part + "' missing from: " + err);
    before.assertUnchanged(roots);
    return err;
  }
}

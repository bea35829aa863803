// Content hashes of every file under some paths, to assert that a refused command changed nothing
// (no input overwritten, no earlier output touched, nothing created).
package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

public record FilesSnapshot(Map<String, String> hashes) {
  /** Path -> SHA-256 of every regular file under {@code roots} (a missing root is recorded as missing). */
  public static FilesSnapshot of(Path... roots) {
    Map<String, String> h = new TreeMap<>();
    try {
      for (Path r : roots) {
        if (!Files.exists(r)) {
          h.put(r.toString(), "(missing)");
          continue;
        }
        try (Stream<Path> s = Files.walk(r)) {
          for (Path p : s.sorted().toList()) {
            if (Files.isDirectory(p)) h.put(p + "/", "(dir)");
            else h.put(p.toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new FilesSnapshot(h);
  }

  /** Asserts that the same roots hash the same now. */
  public void assertUnchanged(Path... roots) {
    assertEquals(hashes, of(roots).hashes(), "files changed by a command that should have changed nothing");
  }
}

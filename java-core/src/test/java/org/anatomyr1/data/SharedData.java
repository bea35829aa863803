// Locates the reference data shared/data/anatomy-r1 (system property ar1.shared, set by the parent
// pom's surefire config); tests that need it skip with a message when it is absent.
package org.anatomyr1.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

public final class SharedData {
  private SharedData() {}

  public static final String[] FILES = {"GRPO.json", "GRPO-GDQA.json", "GRPO-ASC-Learning.json"};

  /** Path of one reference file; skips the calling test when it is not there. */
  public static Path file(String name) {
    String dir = System.getProperty("ar1.shared", "../../shared");
    Path p = Path.of(dir, "data", "anatomy-r1", name);
    Assumptions.assumeTrue(Files.isRegularFile(p),
        "reference data not found at " + p + " (set -Dar1.shared=DIR); skipping");
    return p;
  }
}

// Test helper: locates shared/golden/<case> through the `ar1.shared` system property (set by
// surefire) and skips the calling test with a message when it is absent.
package org.anatomyr1.model;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

public final class GoldenData {
  private GoldenData() {}

  public static Path dir(String name) {
    String shared = System.getProperty("ar1.shared");
    Assumptions.assumeTrue(shared != null, "system property ar1.shared not set: golden data unavailable");
    Path p = Path.of(shared, "golden", name);
    Assumptions.assumeTrue(Files.isDirectory(p), "golden directory missing: " + p);
    return p;
  }

  public static Path tinyA() {
    return dir("qwen2_5_vl_tiny_a");
  }
}

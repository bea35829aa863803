// Peak extra resident memory of one call, from the kernel's own counters: Linux resets the
// process's peak RSS (VmHWM) when "5" is written to /proc/self/clear_refs.
package org.anatomyr1.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public final class PeakMemoryProbe {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private PeakMemoryProbe() {}

  /** True where the kernel lets us reset and read the peak RSS (Linux). */
  public static boolean supported() {
    return Files.isWritable(CLEAR_REFS) && Files.isReadable(STATUS);
  }

  /**
   * Runs {@code action} once to warm up (lazy initialisation, thread pools), then once more and
   * returns how far the resident set rose above where it stood before that call, in bytes.
   */
  public static long peakExtraBytes(Runnable action) {
    if (!supported()) return -1;
    action.run();
    resetPeak();
    long before = statusKb("VmRSS");
    action.run();
    long peak = statusKb("VmHWM");
    return Math.max(0, peak - before) * 1024;
  }

  static void resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException e) {
      throw new IllegalStateException("cannot reset the peak RSS through " + CLEAR_REFS, e);
    }
  }

  private static long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + STATUS, e);
    }
    throw new IllegalStateException(field + " missing from " + STATUS);
  }
}

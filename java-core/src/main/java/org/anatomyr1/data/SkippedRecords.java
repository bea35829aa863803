// The one report every consumer of a dataset prints: "N of M records skipped" with the first few
// reasons (file, record, field); with --strict (key: strict) any bad record is fatal instead.
package org.anatomyr1.data;

import java.io.PrintStream;
import java.util.List;

public final class SkippedRecords {
  /** Reasons listed after the count; the rest are summarised as "... and K more". */
  public static final int FIRST_REASONS = 3;

  private SkippedRecords() {}

  /** Prints the count and first reasons of the records {@code read} rejected; throws under {@code strict}. */
  public static void report(ReadResult read, boolean strict, PrintStream out) {
    report(read.file(), read.rejected(), read.records(),
        read.problems().stream().filter(p -> p.kind() == Problem.Kind.TEXT).map(Problem::toString).toList(), strict, out);
  }

  /** The same for {@code skipped} of {@code total} records with {@code reasons} (one line each). */
  public static void report(java.nio.file.Path file, int skipped, int total, List<String> reasons, boolean strict,
      PrintStream out) {
    if (skipped <= 0) return;
    String first = reasons.isEmpty() ? "" : reasons.get(0);
    if (strict) {
      throw new DatasetException("--strict: " + skipped + " of " + total + " records in " + file + " are bad"
          + (first.isEmpty() ? "" : "; first: " + first));
    }
    out.println(skipped + " of " + total + " records skipped in " + file + (reasons.isEmpty() ? "" : ":"));
    for (int i = 0; i < Math.min(FIRST_REASONS, reasons.size()); i++) out.println("  " + reasons.get(i));
    if (reasons.size() > FIRST_REASONS) out.println("  ... and " + (reasons.size() - FIRST_REASONS) + " more (data validate lists all)");
  }
}

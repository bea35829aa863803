// What a dataset reader returns: the usable items, every problem met, and the record count, so
// nothing is dropped silently.
package org.anatomyr1.data;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code samples} holds the text-valid records in file order, {@code recordIndices} the record
 * index of each in the file (for problem reports); {@code records} counts all records.
 */
public record ReadResult(Path file, DatasetFormat format, int records, List<VqaSample> samples,
                         List<Integer> recordIndices, List<Problem> problems) {
  public ReadResult {
    samples = List.copyOf(samples);
    recordIndices = List.copyOf(recordIndices);
    problems = List.copyOf(problems);
    if (recordIndices.size() != samples.size()) {
      throw new IllegalArgumentException("one record index per sample expected");
    }
  }

  /** Records rejected for a text problem (each has at least one TEXT problem). */
  public int rejected() {
    return records - samples.size();
  }
}

// Opening a dataset by CLI spec: format name ("auto" detects it) plus OmniMedVQA filters.
package org.anatomyr1.data;

import java.nio.file.Path;

public final class Datasets {
  private Datasets() {}

  /**
   * @param format   canonical | swift | omnimed | auto
   * @param modality OmniMedVQA modality_type filter, or null
   * @param questionType OmniMedVQA question_type filter, or null
   */
  public static ReadResult read(Path file, String format, String modality, String questionType) {
    DatasetFormat f = format == null || format.equalsIgnoreCase("auto") ? FormatDetector.detect(file)
        : DatasetFormat.parse(format);
    if ((modality != null || questionType != null) && f != DatasetFormat.OMNIMED) {
      throw new IllegalArgumentException("--modality / --question-type apply to --format omnimed only");
    }
    DatasetReader reader = f == DatasetFormat.OMNIMED ? new OmniMedReader(modality, questionType) : f.reader();
    return reader.read(file);
  }

  public static ReadResult read(Path file, String format) {
    return read(file, format, null, null);
  }
}

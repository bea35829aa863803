// The dataset formats the readers understand, by CLI name (`--format canonical|swift|omnimed`).
package org.anatomyr1.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

public enum DatasetFormat {
  /** Canonical JSON Lines (ARCHITECTURE.md). */
  CANONICAL,
  /** ms-swift / Anatomy-R1 JSON array (instruction, solution, answer, images). */
  SWIFT,
  /** OmniMedVQA QA_information JSON array (option_A..D, gt_answer, image_path). */
  OMNIMED;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DatasetFormat parse(String name) {
    for (DatasetFormat f : values()) if (f.cliName().equalsIgnoreCase(name.strip())) return f;
    throw new IllegalArgumentException("unknown dataset format '" + name + "'; valid: "
        + Arrays.stream(values()).map(DatasetFormat::cliName).collect(Collectors.joining(", ")));
  }

  /** Reader with default options (OmniMedVQA without modality/question-type filters). */
  public DatasetReader reader() {
    return switch (this) {
      case CANONICAL -> new CanonicalJsonl();
      case SWIFT -> new SwiftJsonReader();
      case OMNIMED -> new OmniMedReader(null, null);
    };
  }

  /** Reads {@code file}, inferring nothing: the format is the caller's choice. */
  public ReadResult read(java.nio.file.Path file) {
    return reader().read(file);
  }
}

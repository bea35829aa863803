// `--data` and `--format` of the commands that read one dataset file (augment, difficulty): one
// declaration, so the file is named and its format chosen the same way in both.
package org.anatomyr1.cli;

import java.nio.file.Path;
import org.anatomyr1.data.Datasets;
import org.anatomyr1.data.ReadResult;
import picocli.CommandLine.Option;

final class DataOptions {
  @Option(names = "--data", required = true, description = "dataset file")
  Path data;

  @Option(names = "--format", defaultValue = "auto", description = "canonical | swift | omnimed | auto (default: ${DEFAULT-VALUE})")
  String format;

  /** The dataset's valid samples and its problems. */
  ReadResult read() {
    return Datasets.read(data, format);
  }
}

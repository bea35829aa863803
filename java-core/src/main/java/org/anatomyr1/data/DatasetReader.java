// A reader that converts one dataset file into canonical items plus a list of problems.
package org.anatomyr1.data;

import java.nio.file.Path;

public interface DatasetReader {
  /** Reads every record; throws {@link DatasetException} only when the file is unreadable as a whole. */
  ReadResult read(Path file);
}

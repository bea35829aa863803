// One problem found while reading or validating a dataset: names the file, the record and the
// field, so a user can fix the input (issue 4, "Bad input").
package org.anatomyr1.data;

import java.nio.file.Path;

/**
 * @param file        dataset file
 * @param recordIndex 0-based record index (JSON array element or JSONL line), -1 for the file
 * @param field       offending field ("options", "image", ...), or "(record)" / "(file)"
 * @param kind        TEXT problems make a record unusable; IMAGE problems only affect pixels
 */
public record Problem(Path file, int recordIndex, String field, Kind kind, String message) {

  public enum Kind { TEXT, IMAGE }

  @Override
  public String toString() {
    String where = recordIndex < 0 ? file.toString() : file + " record " + recordIndex;
    return where + " field '" + field + "': " + message;
  }
}

// A dataset that cannot be read at all (missing file, not JSON, not UTF-8): one-line message
// naming the file (and the record/field where known).
package org.anatomyr1.data;

public final class DatasetException extends RuntimeException {
  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}

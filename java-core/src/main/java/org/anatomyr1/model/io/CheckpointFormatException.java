// A checkpoint file or directory that does not follow the expected format: the message always
// names the file and, where there is one, the tensor or field.
package org.anatomyr1.model.io;

public final class CheckpointFormatException extends IllegalArgumentException {
  public CheckpointFormatException(String message) {
    super(message);
  }

  public CheckpointFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

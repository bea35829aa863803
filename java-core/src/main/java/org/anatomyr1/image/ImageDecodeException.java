// An image that cannot be read, decoded or written; the message names the file.
package org.anatomyr1.image;

public final class ImageDecodeException extends RuntimeException {
  public ImageDecodeException(String message) {
    super(message);
  }
}

// Strict UTF-8 decoding of dataset files: a non-UTF-8 byte is reported with its file and byte
// offset instead of being replaced silently by U+FFFD.
package org.anatomyr1.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

public final class Utf8Text {
  private Utf8Text() {}

  public static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DatasetException(file + ": no such file");
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** Decodes strictly; on a bad byte throws naming {@code what} and the byte offset. */
  public static String decode(byte[] bytes, String what) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = dec.decode(in, out, true);
    if (r.isError()) {
      throw new DatasetException(what + ": not UTF-8 (bad byte at offset " + in.position() + ")");
    }
    dec.flush(out);
    out.flip();
    String s = out.toString();
    return s.startsWith("\uFEFF") ? s.substring(1) : s; // tolerate a byte-order mark
  }

  public static String read(Path file) {
    return decode(readBytes(file), file.toString());
  }

  /** Strict decode that reports failure as an exception type the caller can catch per record. */
  static String decodeOrThrow(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes)).toString();
  }
}

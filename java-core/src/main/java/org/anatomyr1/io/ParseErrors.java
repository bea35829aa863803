// One-line reasons for YAML/JSON syntax errors: "file:line:column: reason" instead of Jackson's
// multi-line dump (which quotes the source and a stack of token states).
package org.anatomyr1.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;

public final class ParseErrors {
  private ParseErrors() {}

  /** {@code file:line:column: reason} (location left out where the parser gives none). */
  public static String oneLine(Path file, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String reason = reason(e.getOriginalMessage());
    String where = at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + Math.max(1, at.getColumnNr());
    return file + where + ": " + reason;
  }

  /**
   * The parser's own words without the quoted source: YAML messages are "while parsing X", then
   * indented context lines (position, source excerpt, caret), then "expected Y, but found Z".
   */
  static String reason(String message) {
    if (message == null) return "syntax error";
    StringBuilder s = new StringBuilder();
    for (String line : message.split("\n")) {
      if (line.isBlank() || Character.isWhitespace(line.charAt(0))) continue; // context and caret lines
      if (s.length() > 0) s.append("; ");
      s.append(line.strip());
    }
    return s.length() == 0 ? firstLine(message) : s.toString();
  }

  /** The first line of {@code message}, trimmed (parser messages continue with source excerpts). */
  public static String firstLine(String message) {
    if (message == null) return "syntax error";
    String s = message.strip();
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}

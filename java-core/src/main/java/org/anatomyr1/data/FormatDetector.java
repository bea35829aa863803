// `--format auto`: picks the reader from the file name and the keys of the first record, so the
// common cases need no flag (.jsonl = canonical; JSON arrays with "instruction" = ms-swift;
// with "gt_answer"/"option_A" = OmniMedVQA).
package org.anatomyr1.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

public final class FormatDetector {
  private FormatDetector() {}

  public static DatasetFormat detect(Path file) {
    if (!Files.isRegularFile(file)) throw new DatasetException(file + ": no such file");
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return DatasetFormat.CANONICAL;
    try (InputStream in = Files.newInputStream(file);
         JsonParser p = new JsonFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) return DatasetFormat.CANONICAL;
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DatasetException(file + ": cannot detect the format (first record is not an object); pass --format");
      }
      JsonToken t;
      while ((t = p.nextToken()) != null && t != JsonToken.END_OBJECT) {
        if (t == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (key.equals("instruction") || key.equals("solution") || key.startsWith("sft_")) return DatasetFormat.SWIFT;
          if (key.equals("gt_answer") || key.equals("option_A")) return DatasetFormat.OMNIMED;
          p.nextToken();
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new DatasetException(file + ": cannot detect the format: not JSON (" + why + "); pass --format");
    }
    throw new DatasetException(file + ": cannot detect the format from the first record's keys; pass --format");
  }
}

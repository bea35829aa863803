// metrics.jsonl of a run: one JSON object per optimizer step (keys of the issue-5 contract), appended
// and flushed at once; non-finite numbers are written as null so every line stays valid JSON.
package org.anatomyr1.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class MetricsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  public MetricsWriter(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public void write(Map<String, Object> metrics) {
    Map<String, Object> clean = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : metrics.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Double d && !Double.isFinite(d)) v = null;
      if (v instanceof Float f && !Float.isFinite(f)) v = null;
      clean.put(e.getKey(), v);
    }
    try {
      Files.writeString(file, JSON.writeValueAsString(clean) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot append metrics: " + e.getMessage(), e);
    }
  }

  /**
   * Keeps the lines of steps <= {@code step} (a resumed run continues after its checkpoint); a torn last
   * line of a killed run (no newline, or not JSON) is dropped too. Rewritten atomically.
   */
  public void truncateAfter(long step) throws IOException {
    if (!Files.exists(file)) return;
    org.anatomyr1.io.DurableFiles.write(file, out -> {
      for (String line : linesUpTo(file, step)) out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    });
  }

  /** The complete JSON lines of {@code file} whose "step" is <= {@code step}. */
  public static List<String> linesUpTo(Path file, long step) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n') + 1; // a last line without its newline was torn by a kill
    List<String> kept = new ArrayList<>();
    for (String line : text.substring(0, end).split("\n")) {
      if (line.isBlank()) continue;
      com.fasterxml.jackson.databind.JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        continue; // two runs' lines interleaved or a torn write: not a metrics line
      }
      if (n != null && n.path("step").canConvertToLong() && n.path("step").asLong() <= step) kept.add(line);
    }
    return kept;
  }
}

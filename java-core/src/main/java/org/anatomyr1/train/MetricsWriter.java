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

  /** Keeps the lines of steps <= {@code step} (a resumed run continues after its checkpoint). */
  public void truncateAfter(long step) throws IOException {
    if (!Files.exists(file)) return;
    List<String> kept = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) continue;
      if (JSON.readTree(line).path("step").asLong() <= step) kept.add(line);
    }
    Files.write(file, kept);
  }
}

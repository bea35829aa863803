// Parses and validates the JSON header of a safetensors file (format of huggingface/safetensors):
// known dtypes, shapes matching byte ranges, ranges inside the data section, no overlaps, no holes.
package org.anatomyr1.model.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class SafetensorsHeader {
  /** Same bound as the reference implementation: larger headers are treated as corrupt. */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Map<String, TensorEntry> entries; // in header order
  private final Map<String, String> metadata;
  private final long dataOffset; // 8 + header length: first byte of the data section in the file

  private SafetensorsHeader(Map<String, TensorEntry> entries, Map<String, String> metadata, long dataOffset) {
    this.entries = Collections.unmodifiableMap(entries);
    this.metadata = Collections.unmodifiableMap(metadata);
    this.dataOffset = dataOffset;
  }

  public Map<String, TensorEntry> entries() {
    return entries;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public long dataOffset() {
    return dataOffset;
  }

  /**
   * Validates {@code headerJson} against a file of {@code fileSize} bytes whose header is
   * {@code headerLength} bytes long; {@code source} names the file in error messages.
   */
  public static SafetensorsHeader parse(String source, byte[] headerJson, long fileSize) {
    long dataOffset = 8L + headerJson.length;
    long dataSize = fileSize - dataOffset;
    JsonNode root;
    try {
      root = JSON.readTree(new String(headerJson, StandardCharsets.UTF_8).trim());
    } catch (Exception e) {
      throw new CheckpointFormatException(source + ": header is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointFormatException(source + ": header is not a JSON object");
    }
    Map<String, TensorEntry> entries = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String name = field.getKey();
      JsonNode node = field.getValue();
      if (name.equals("__metadata__")) {
        if (!node.isObject()) throw new CheckpointFormatException(source + ": __metadata__ is not an object");
        for (Map.Entry<String, JsonNode> kv : node.properties()) {
          if (!kv.getValue().isTextual()) {
            throw new CheckpointFormatException(source + ": __metadata__." + kv.getKey() + " is not a string");
          }
          metadata.put(kv.getKey(), kv.getValue().asText());
        }
        continue;
      }
      entries.put(name, parseEntry(source, name, node, dataSize));
    }
    checkCoverage(source, entries, dataSize);
    return new SafetensorsHeader(entries, metadata, dataOffset);
  }

  private static TensorEntry parseEntry(String source, String name, JsonNode node, long dataSize) {
    String where = source + ": tensor '" + name + "'";
    if (!node.isObject()) throw new CheckpointFormatException(where + ": entry is not an object");
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) throw new CheckpointFormatException(where + ": missing dtype");
    SafetensorsDtype dtype = SafetensorsDtype.fromHeader(dtypeNode.asText());
    if (dtype == null) {
      throw new CheckpointFormatException(where + ": unknown dtype '" + dtypeNode.asText()
          + "' (supported: " + SafetensorsDtype.supported() + ")");
    }
    JsonNode shapeNode = node.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) throw new CheckpointFormatException(where + ": missing shape");
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode s = shapeNode.get(i);
      if (!s.canConvertToLong() || !s.isIntegralNumber() || s.asLong() < 0) {
        throw new CheckpointFormatException(where + ": shape entry " + i + " is not a non-negative integer: " + s);
      }
      shape[i] = s.asLong();
    }
    JsonNode offsets = node.get("data_offsets");
    if (offsets == null || !offsets.isArray() || offsets.size() != 2
        || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
      throw new CheckpointFormatException(where + ": data_offsets must be [begin, end]");
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    if (begin < 0 || end < begin) {
      throw new CheckpointFormatException(where + ": bad data_offsets [" + begin + ", " + end + "]");
    }
    if (end > dataSize) {
      throw new CheckpointFormatException(where + ": data_offsets end " + end + " lies beyond the data section ("
          + dataSize + " bytes): file truncated or header wrong");
    }
    TensorEntry entry = new TensorEntry(name, dtype, shape, begin, end);
    long expected;
    try {
      expected = Math.multiplyExact(entry.numel(), dtype.bytes);
    } catch (ArithmeticException e) {
      throw new CheckpointFormatException(where + ": shape overflows");
    }
    if (expected != end - begin) {
      throw new CheckpointFormatException(where + ": shape " + java.util.Arrays.toString(shape) + " of " + dtype
          + " needs " + expected + " bytes but data_offsets give " + (end - begin));
    }
    return entry;
  }

  /** The data section must be covered exactly once: no overlapping ranges, no holes, no tail. */
  private static void checkCoverage(String source, Map<String, TensorEntry> entries, long dataSize) {
    List<TensorEntry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
    long cursor = 0;
    for (TensorEntry e : sorted) {
      if (e.byteSize() == 0 && e.begin() <= cursor) continue; // empty tensors occupy no bytes
      if (e.begin() < cursor) {
        throw new CheckpointFormatException(source + ": tensor '" + e.name() + "' overlaps the previous tensor (begins at "
            + e.begin() + ", previous ends at " + cursor + ")");
      }
      if (e.begin() > cursor) {
        throw new CheckpointFormatException(source + ": hole in the data section before tensor '" + e.name()
            + "' (bytes " + cursor + ".." + e.begin() + " unused)");
      }
      cursor = e.end();
    }
    if (cursor != dataSize) {
      throw new CheckpointFormatException(source + ": data section has " + dataSize + " bytes but the header describes "
          + cursor + " (file truncated, or trailing bytes)");
    }
  }
}

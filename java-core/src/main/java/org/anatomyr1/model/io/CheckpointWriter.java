// Writes tensors as a Hugging Face weights directory: one `model.safetensors`, or, above the shard
// size, `model-0000i-of-0000n.safetensors` shards plus `model.safetensors.index.json`, as
// transformers' save_pretrained does (metadata {"format": "pt"} so transformers accepts the files).
package org.anatomyr1.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.pytorch.Tensor;

public final class CheckpointWriter {
  private CheckpointWriter() {}

  public static final Map<String, String> PT_METADATA = Map.of("format", "pt");

  /**
   * Writes {@code tensors} into {@code dir}; tensors are grouped in name order into shards of at
   * most {@code maxShardBytes} (a single tensor larger than that gets a shard of its own).
   */
  public static void write(Path dir, Map<String, Tensor> tensors, long maxShardBytes) {
    if (maxShardBytes <= 0) throw new IllegalArgumentException("maxShardBytes must be > 0, got " + maxShardBytes);
    TreeMap<String, Tensor> sorted = new TreeMap<>(tensors);
    List<Map<String, Tensor>> shards = new ArrayList<>();
    Map<String, Tensor> current = new LinkedHashMap<>();
    long currentBytes = 0;
    long total = 0;
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      long bytes = e.getValue().numel() * e.getValue().element_size();
      total += bytes;
      if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
        shards.add(current);
        current = new LinkedHashMap<>();
        currentBytes = 0;
      }
      current.put(e.getKey(), e.getValue());
      currentBytes += bytes;
    }
    shards.add(current);
    try {
      Files.createDirectories(dir);
      if (shards.size() == 1) {
        Files.deleteIfExists(dir.resolve(CheckpointDirectory.INDEX_FILE));
        SafetensorsWriter.write(dir.resolve(CheckpointDirectory.SINGLE_FILE), shards.get(0), PT_METADATA);
        return;
      }
      Files.deleteIfExists(dir.resolve(CheckpointDirectory.SINGLE_FILE));
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode index = json.createObjectNode();
      index.putObject("metadata").put("total_size", total);
      ObjectNode weightMap = index.putObject("weight_map");
      int n = shards.size();
      for (int i = 0; i < n; i++) {
        String name = String.format("model-%05d-of-%05d.safetensors", i + 1, n);
        SafetensorsWriter.write(dir.resolve(name), shards.get(i), PT_METADATA);
        for (String t : shards.get(i).keySet()) weightMap.put(t, name);
      }
      Files.writeString(dir.resolve(CheckpointDirectory.INDEX_FILE), json.writeValueAsString(index) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + dir + ": " + e.getMessage(), e);
    }
  }
}

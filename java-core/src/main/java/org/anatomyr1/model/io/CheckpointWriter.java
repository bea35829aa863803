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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;

public final class CheckpointWriter {
  private CheckpointWriter() {}

  public static final Map<String, String> PT_METADATA = Map.of("format", "pt");

  /**
   * Writes {@code tensors} into {@code dir}; tensors are grouped in name order into shards of at
   * most {@code maxShardBytes} (a single tensor larger than that gets a shard of its own).
   */
  public static void write(Path dir, Map<String, Tensor> tensors, long maxShardBytes) {
    List<SafetensorsStreamWriter.Spec> specs = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) specs.add(SafetensorsWriter.spec(e.getKey(), e.getValue()));
    writeStreamed(dir, specs, maxShardBytes, (spec, out) -> HostTensors.writeRawBytes(tensors.get(spec.name()), out, CHUNK));
  }

  private static final long CHUNK = 64L << 20;

  /** {@code sorted} (in name order) grouped into shards of at most {@code max} bytes (a larger tensor gets its own). */
  public static List<List<SafetensorsStreamWriter.Spec>> planShards(List<SafetensorsStreamWriter.Spec> sorted, long max) {
    List<List<SafetensorsStreamWriter.Spec>> shards = new ArrayList<>();
    List<SafetensorsStreamWriter.Spec> current = new ArrayList<>();
    long currentBytes = 0;
    for (SafetensorsStreamWriter.Spec s : sorted) {
      if (!current.isEmpty() && currentBytes + s.bytes() > max) {
        shards.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(s);
      currentBytes += s.bytes();
    }
    shards.add(current);
    return shards;
  }

  /**
   * As {@link #write}, with each tensor's bytes produced by {@code source} when its turn comes (in
   * name order), so a derived model (e.g. LoRA folded into the base) is never whole in memory.
   */
  public static void writeStreamed(Path dir, List<SafetensorsStreamWriter.Spec> specs, long maxShardBytes,
      SafetensorsStreamWriter.TensorBytes source) {
    if (maxShardBytes <= 0) throw new IllegalArgumentException("maxShardBytes must be > 0, got " + maxShardBytes);
    TreeMap<String, SafetensorsStreamWriter.Spec> sorted = new TreeMap<>();
    long total = 0;
    for (SafetensorsStreamWriter.Spec sp : specs) {
      sorted.put(sp.name(), sp);
      total += sp.bytes();
    }
    List<List<SafetensorsStreamWriter.Spec>> shards = planShards(List.copyOf(sorted.values()), maxShardBytes);
    try {
      Files.createDirectories(dir);
      if (shards.size() == 1) {
        Files.deleteIfExists(dir.resolve(CheckpointDirectory.INDEX_FILE));
        SafetensorsStreamWriter.write(dir.resolve(CheckpointDirectory.SINGLE_FILE), shards.get(0), PT_METADATA, source);
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
        SafetensorsStreamWriter.write(dir.resolve(name), shards.get(i), PT_METADATA, source);
        for (SafetensorsStreamWriter.Spec sp : shards.get(i)) weightMap.put(sp.name(), name);
      }
      Files.writeString(dir.resolve(CheckpointDirectory.INDEX_FILE), json.writeValueAsString(index) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + dir + ": " + e.getMessage(), e);
    }
  }
}

// A Hugging Face model directory's weights: `model.safetensors`, or shards listed by
// `model.safetensors.index.json` (weight_map: tensor name -> shard file). Tensors are zero-copy
// views valid while the directory is open.
package org.anatomyr1.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bytedeco.pytorch.Tensor;

public final class CheckpointDirectory implements AutoCloseable {
  public static final String SINGLE_FILE = "model.safetensors";
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private final Path dir;
  private final List<SafetensorsFile> files;
  private final Map<String, SafetensorsFile> byName; // sorted by tensor name

  private CheckpointDirectory(Path dir, List<SafetensorsFile> files, Map<String, SafetensorsFile> byName) {
    this.dir = dir;
    this.files = files;
    this.byName = Collections.unmodifiableMap(byName);
  }

  public static CheckpointDirectory open(Path dir) {
    if (!Files.isDirectory(dir)) throw new CheckpointFormatException(dir + ": not a directory");
    Path index = dir.resolve(INDEX_FILE);
    Path single = dir.resolve(SINGLE_FILE);
    if (Files.exists(index)) return openSharded(dir, index);
    if (Files.exists(single)) {
      SafetensorsFile f = SafetensorsFile.open(single);
      Map<String, SafetensorsFile> byName = new TreeMap<>();
      for (String n : f.names()) byName.put(n, f);
      return new CheckpointDirectory(dir, List.of(f), byName);
    }
    throw new CheckpointFormatException(dir + ": neither " + SINGLE_FILE + " nor " + INDEX_FILE + " found");
  }

  private static CheckpointDirectory openSharded(Path dir, Path index) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(index.toFile());
    } catch (IOException e) {
      throw new CheckpointFormatException(index + ": not valid JSON: " + e.getMessage(), e);
    }
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject()) throw new CheckpointFormatException(index + ": missing field 'weight_map'");
    Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
    Map<String, SafetensorsFile> byName = new TreeMap<>();
    List<SafetensorsFile> opened = new ArrayList<>();
    try {
      for (Map.Entry<String, JsonNode> e : map.properties()) {
        String shardName = e.getValue().asText();
        Path shardPath = dir.resolve(shardName).normalize();
        if (!shardPath.startsWith(dir.normalize())) {
          throw new CheckpointFormatException(index + ": shard '" + shardName + "' lies outside the model directory");
        }
        SafetensorsFile f = shards.get(shardName);
        if (f == null) {
          if (!Files.exists(shardPath)) {
            throw new CheckpointFormatException(index + ": tensor '" + e.getKey() + "' is mapped to missing shard " + shardPath);
          }
          f = SafetensorsFile.open(shardPath);
          opened.add(f);
          shards.put(shardName, f);
        }
        if (!f.names().contains(e.getKey())) {
          throw new CheckpointFormatException(index + ": tensor '" + e.getKey() + "' is mapped to " + shardName
              + " but that file does not contain it");
        }
        byName.put(e.getKey(), f);
      }
      for (SafetensorsFile f : opened) {
        for (String n : f.names()) {
          if (byName.get(n) != f) {
            throw new CheckpointFormatException(f.path() + ": tensor '" + n + "' is not listed in " + INDEX_FILE);
          }
        }
      }
    } catch (RuntimeException ex) {
      for (SafetensorsFile f : opened) f.close();
      throw ex;
    }
    return new CheckpointDirectory(dir, opened, byName);
  }

  public Path dir() {
    return dir;
  }

  public Set<String> names() {
    return byName.keySet();
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  public TensorEntry entry(String name) {
    return file(name).entry(name);
  }

  /** Zero-copy view of a stored tensor (see {@link SafetensorsFile#tensor}). */
  public Tensor tensor(String name) {
    return file(name).tensor(name);
  }

  /** Drops the resident file pages of {@code name} once it has been copied out (SafetensorsFile#release). */
  public void release(String name) {
    file(name).release(name);
  }

  private SafetensorsFile file(String name) {
    SafetensorsFile f = byName.get(name);
    if (f == null) throw new CheckpointFormatException(dir + ": missing tensor '" + name + "'");
    return f;
  }

  @Override
  public void close() {
    for (SafetensorsFile f : files) f.close();
  }
}

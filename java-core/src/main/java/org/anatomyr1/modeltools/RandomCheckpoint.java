// Writes a complete Hugging Face Qwen2.5-VL model directory with random weights for any config
// (the published 3B/7B/32B ones included) without holding the weights in memory: every tensor is
// generated in 4 MiB pieces straight into its safetensors shard. The directory is built under a
// temporary sibling and renamed into place, so a killed run never leaves a half-written model.
// Init (uniform noise with the stated std, so values are bounded): matrices std 1/sqrt(fan_in),
// which keeps activations O(1) through 36 layers; embeddings and biases std 0.02 (initializer_range);
// norm weights 1 + noise of std 0.1. Each tensor's values depend only on the seed and its name.
package org.anatomyr1.modeltools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.model.core.WeightNames;
import org.anatomyr1.model.io.CheckpointDirectory;
import org.anatomyr1.model.io.CheckpointWriter;
import org.anatomyr1.model.io.SafetensorsDtype;
import org.anatomyr1.model.io.SafetensorsStreamWriter;
import org.anatomyr1.model.io.SafetensorsStreamWriter.Spec;
import org.anatomyr1.text.QwenSizedTokenizerFactory;

public final class RandomCheckpoint {
  private RandomCheckpoint() {}

  /** File dtype (F32 or BF16), seed, and the largest shard in bytes. */
  public record Options(SafetensorsDtype dtype, long seed, long maxShardBytes) {
    public Options {
      if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.BF16) {
        throw new IllegalArgumentException("--dtype must be fp32 or bf16, got " + dtype);
      }
      if (maxShardBytes <= 0) throw new IllegalArgumentException("shard size must be > 0, got " + maxShardBytes);
    }
  }

  /** What was written. */
  public record Summary(Path dir, Qwen25VlConfig config, long parameters, long weightBytes, int shards) {}

  private static final int PIECE_ELEMENTS = 1 << 20; // 4 MiB of fp32 per generated piece

  /** Writes the model directory {@code out} (must not exist, or be an empty directory). */
  public static Summary write(Path out, ObjectNode configJson, Options options, Consumer<String> progress) {
    ObjectNode cfgNode = configJson.deepCopy();
    cfgNode.put("torch_dtype", options.dtype() == SafetensorsDtype.BF16 ? "bfloat16" : "float32");
    Qwen25VlConfig config = Qwen25VlConfig.parse("config", cfgNode);
    List<Spec> specs = new ArrayList<>();
    for (Map.Entry<String, long[]> e : ModelWeights.expectedShapes(config).entrySet()) {
      specs.add(new Spec(WeightNames.toCheckpoint(e.getKey()), options.dtype(), e.getValue()));
    }
    specs.sort(Comparator.comparing(Spec::name));
    List<List<Spec>> shards = CheckpointWriter.planShards(specs, options.maxShardBytes());
    long params = 0;
    long bytes = 0;
    for (Spec s : specs) {
      params += s.numel();
      bytes += s.bytes();
    }
    try {
      if (Files.exists(out) && !(Files.isDirectory(out) && isEmpty(out))) {
        throw new IllegalArgumentException(out + ": already exists and is not an empty directory");
      }
      Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".init-tmp");
      deleteTree(tmp); // left by a run that was killed
      Files.createDirectories(tmp);
      try {
        QwenSizedTokenizerFactory.write(tmp, config, List.of()); // first: it checks the special-token ids
        writeShards(tmp, shards, bytes, options.seed(), progress);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(tmp.resolve("config.json"), json.writeValueAsString(cfgNode) + "\n");
        Files.writeString(tmp.resolve("preprocessor_config.json"), PREPROCESSOR + "\n");
        Files.writeString(tmp.resolve("generation_config.json"), GENERATION + "\n");
      } catch (RuntimeException | IOException e) {
        deleteTree(tmp);
        throw e;
      }
      if (Files.isDirectory(out)) Files.delete(out); // empty, checked above
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model directory " + out + ": " + e.getMessage(), e);
    }
    return new Summary(out, config, params, bytes, shards.size());
  }

  /** The shards (streamed) and, for more than one, model.safetensors.index.json. */
  private static void writeShards(Path dir, List<List<Spec>> shards, long totalBytes, long seed, Consumer<String> progress)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode index = json.createObjectNode();
    index.putObject("metadata").put("total_size", totalBytes);
    ObjectNode weightMap = index.putObject("weight_map");
    long done = 0;
    for (int i = 0; i < shards.size(); i++) {
      String name = shards.size() == 1 ? CheckpointDirectory.SINGLE_FILE
          : String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
      SafetensorsStreamWriter.write(dir.resolve(name), shards.get(i), CheckpointWriter.PT_METADATA,
          (spec, ch) -> writeRandom(spec, seed, ch));
      for (Spec s : shards.get(i)) {
        weightMap.put(s.name(), name);
        done += s.bytes();
      }
      progress.accept(String.format("  %s (%.2f of %.2f GB)", name, done / 1e9, totalBytes / 1e9));
    }
    if (shards.size() > 1) {
      Files.writeString(dir.resolve(CheckpointDirectory.INDEX_FILE), json.writeValueAsString(index) + "\n");
    }
  }

  /** Streams one tensor's random values in the file dtype. */
  static void writeRandom(Spec spec, long seed, FileChannel out) throws IOException {
    String n = spec.name();
    long[] shape = spec.shape();
    double mean = 0;
    double std;
    if (n.endsWith("norm1.weight") || n.endsWith("norm2.weight") || n.endsWith("layernorm.weight")
        || n.endsWith("ln_q.weight") || n.equals("model.norm.weight")) {
      mean = 1;
      std = 0.1;
    } else if (n.endsWith(".bias") || n.endsWith("embed_tokens.weight")) {
      std = 0.02;
    } else {
      long fanIn = 1;
      for (int d = 1; d < shape.length; d++) fanIn *= shape[d];
      std = 1 / Math.sqrt(fanIn);
    }
    float halfWidth = (float) (std * Math.sqrt(3)); // uniform on [-a, a] has std a/sqrt(3)
    float centre = (float) mean;
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ n.hashCode());
    boolean bf16 = spec.dtype() == SafetensorsDtype.BF16;
    ByteBuffer buf = ByteBuffer.allocateDirect(PIECE_ELEMENTS * spec.dtype().bytes).order(ByteOrder.LITTLE_ENDIAN);
    long left = spec.numel();
    while (left > 0) {
      int count = (int) Math.min(PIECE_ELEMENTS, left);
      buf.clear();
      for (int i = 0; i < count; i++) {
        float v = centre + halfWidth * (2 * rng.nextFloat() - 1);
        if (bf16) buf.putShort(toBf16(v));
        else buf.putFloat(v);
      }
      buf.flip();
      while (buf.hasRemaining()) out.write(buf);
      left -= count;
    }
  }

  /** fp32 -> bf16 with round-to-nearest-even (values here are finite). */
  static short toBf16(float v) {
    int bits = Float.floatToRawIntBits(v);
    bits += 0x7FFF + ((bits >>> 16) & 1);
    return (short) (bits >>> 16);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
    }
  }

  /** The published preprocessor_config.json (spec §1.4). */
  static final String PREPROCESSOR = """
      {"min_pixels": 3136, "max_pixels": 12845056, "patch_size": 14, "temporal_patch_size": 2, "merge_size": 2, \
      "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_std": [0.26862954, 0.26130258, 0.27577711], \
      "image_processor_type": "Qwen2VLImageProcessor", "processor_class": "Qwen2_5_VLProcessor"}""";

  /** The published generation_config.json (spec §1.4). */
  static final String GENERATION = """
      {"bos_token_id": 151643, "pad_token_id": 151643, "do_sample": true, "eos_token_id": [151645, 151643], \
      "repetition_penalty": 1.05, "temperature": 0.1, "top_p": 0.001, "top_k": 1, "transformers_version": "4.37.0"}""";
}

// `anatomy-r1 init-model`: a complete Hugging Face Qwen2.5-VL model directory with random weights in
// a published architecture (or any config.json), streamed to sharded safetensors; for smoke tests of
// clusters, benchmarks and heavy tests without downloads.
package org.anatomyr1.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.anatomyr1.model.PublishedArchitectures;
import org.anatomyr1.model.io.SafetensorsDtype;
import org.anatomyr1.modeltools.RandomCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init-model", mixinStandardHelpOptions = true,
    description = "Write a random-weight Qwen2.5-VL model directory (config, sharded safetensors, tokenizer, processor "
        + "and generation configs) in a published architecture or for a config.json.")
final class InitModelCommand implements Callable<Integer> {
  @Option(names = "--arch", required = true,
      description = "qwen2.5-vl-3b, qwen2.5-vl-7b, qwen2.5-vl-32b, or the path of a config.json")
  String arch;

  @Option(names = "--out", required = true, description = "output directory (must not exist or be empty)")
  Path out;

  @Option(names = "--dtype", defaultValue = "bf16", description = "file dtype: bf16 or fp32 (default ${DEFAULT-VALUE})")
  String dtype;

  @Option(names = "--seed", defaultValue = "0", description = "weights seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--layers", description = "keep only the first N decoder layers and vision blocks (quick runs)")
  Integer layers;

  @Option(names = "--shard-gb", defaultValue = "2", description = "largest shard in GB (default ${DEFAULT-VALUE})")
  double shardGb;

  @Override
  public Integer call() {
    ObjectNode config = readArch(arch);
    if (layers != null) PublishedArchitectures.truncateLayers(config, layers);
    SafetensorsDtype fileDtype = switch (dtype.toLowerCase(java.util.Locale.ROOT)) {
      case "bf16", "bfloat16" -> SafetensorsDtype.BF16;
      case "fp32", "float32" -> SafetensorsDtype.F32;
      default -> throw new IllegalArgumentException("--dtype must be bf16 or fp32, got '" + dtype + "'");
    };
    if (!(shardGb > 0)) throw new IllegalArgumentException("--shard-gb must be > 0, got " + shardGb);
    long t0 = System.nanoTime();
    System.err.println("init-model: writing " + out + " ...");
    RandomCheckpoint.Summary s = RandomCheckpoint.write(out, config,
        new RandomCheckpoint.Options(fileDtype, seed, (long) (shardGb * 1e9)), System.err::println);
    System.out.printf("%s: %,d parameters, %.2f GB in %d shard(s), %s, seed %d (%.1f s)%n", s.dir(), s.parameters(),
        s.weightBytes() / 1e9, s.shards(), fileDtype.headerName, seed, (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  private static ObjectNode readArch(String arch) {
    if (PublishedArchitectures.NAMES.contains(arch.toLowerCase(java.util.Locale.ROOT))) {
      return PublishedArchitectures.config(arch);
    }
    Path p = Path.of(arch);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("--arch '" + arch + "' is neither a known architecture ("
          + String.join(", ", PublishedArchitectures.NAMES) + ") nor a config.json file");
    }
    try {
      JsonNode n = new ObjectMapper().readTree(Files.readString(p));
      if (n == null || !n.isObject()) throw new IllegalArgumentException(p + ": not a JSON object");
      return (ObjectNode) n;
    } catch (IOException e) {
      throw new IllegalArgumentException(p + ": cannot read config: " + e.getMessage(), e);
    }
  }
}

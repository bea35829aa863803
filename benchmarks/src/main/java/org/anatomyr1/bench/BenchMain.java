// `anatomy-r1 bench ...`: the benchmark entry point (the launcher routes `bench` here, since the
// benchmarks module sits above java-core).
package org.anatomyr1.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "anatomy-r1 bench", mixinStandardHelpOptions = true,
    description = "Benchmarks; results are JSON under target/bench/.",
    subcommands = {BenchMain.Kernels.class, BenchMain.Generation.class, BenchMain.Model.class,
        TrainStepCommand.class})
public final class BenchMain implements Runnable {

  public static void main(String[] args) {
    org.anatomyr1.model.ComputeThreads.prepare(); // before LibTorch loads
    org.anatomyr1.model.NativeLibraryCache.load(); // under the cache lock: runs started together do not race
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static Path defaultOut(String name) {
    String home = System.getenv("AR1_HOME");
    return Path.of(home == null ? "." : home, "target", "bench", name);
  }

  @Command(name = "kernels", mixinStandardHelpOptions = true,
      description = "Fused policy loss and token log-probs vs LibTorch-composed ops (JMH, CPU).")
  static final class Kernels implements Callable<Integer> {
    @Option(names = "--quick", description = "N = 512 only, fewer iterations (about 2 minutes).")
    boolean quick;

    @Option(names = "--out", description = "Output JSON (default: target/bench/kernels.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
      new KernelBenchRunner(quick, out != null ? out : defaultOut("kernels.json")).run();
      return 0;
    }
  }

  @Command(name = "generation", mixinStandardHelpOptions = true,
      description = "Qwen2.5-VL generation: prefill and decode tokens/s at batch 1 and 8 against the "
          + "memory floor, and the gain of a shared prefill for a GRPO group (random 0.5B-like model).")
  static final class Generation implements Callable<Integer> {
    @Option(names = "--quick", description = "4 decoder layers instead of 24, fewer steps.")
    boolean quick;

    @Option(names = "--out", description = "Output JSON (default: target/bench/generation.json).")
    Path out;

    @Override
    public Integer call() {
      GenerationBenchmark.run(quick, out != null ? out : defaultOut("generation.json"));
      return 0;
    }
  }

  @Command(name = "model", mixinStandardHelpOptions = true,
      description = "A model directory on one image: load, first and warm prefill, vision tower, decode ms/token "
          + "against the memory floor, peak RSS (e.g. init-model --arch qwen2.5-vl-3b).")
  static final class Model implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Hugging Face model directory")
    Path model;

    @Option(names = "--image-size", defaultValue = "448", description = "square image side (default ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--dtype", defaultValue = "bf16", description = "bf16 or fp32 (default ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--new-tokens", defaultValue = "8", description = "decode steps timed (default ${DEFAULT-VALUE})")
    int newTokens;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads, 0 = all cores (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", description = "Output JSON (default: target/bench/model.json).")
    Path out;

    @Override
    public Integer call() {
      if (imageSize < 28) throw new IllegalArgumentException("--image-size must be >= 28, got " + imageSize);
      if (newTokens < 1) throw new IllegalArgumentException("--new-tokens must be >= 1, got " + newTokens);
      var r = ModelBenchmark.run(new ModelBenchmark.Settings(model, imageSize, dtype, newTokens, threads),
          out != null ? out : defaultOut("model.json"));
      System.out.println(r.toPrettyString());
      return 0;
    }
  }
}

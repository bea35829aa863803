// `anatomy-r1 bench kernels [--quick]`: runs the JMH kernel benchmarks, measures the peak extra
// memory of each implementation once, pairs every kernel with its LibTorch baseline and writes
// target/bench/kernels.json (written to a temporary file, then renamed).
package org.anatomyr1.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anatomyr1.kernels.LossVariant;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

public final class KernelBenchRunner {
  static final String BASELINE = "libtorch-composed (TRL recipe, autograd)";
  static final String BASELINE_NO_GRAD = "libtorch-composed (TRL selective_log_softmax)";

  private final boolean quick;
  private final Path out;

  public KernelBenchRunner(boolean quick, Path out) {
    this.quick = quick;
    this.out = out;
  }

  /** One measured kernel: which benchmark, which implementation, which shape. */
  private record Key(String kernel, String impl, int n, int v, String dtype) {}

  public List<KernelBenchRecord> run() throws RunnerException, IOException {
    String[] ns = quick ? new String[] {"512"} : new String[] {"512", "2048"};
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(PolicyLossBench.class.getSimpleName())
        .include(TokenLogprobsBench.class.getSimpleName())
        .param("n", ns)
        .forks(1)
        .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx2g")
        .warmupIterations(quick ? 1 : 2)
        .warmupTime(TimeValue.seconds(quick ? 2 : 3))
        .measurementIterations(quick ? 3 : 5)
        .measurementTime(TimeValue.seconds(quick ? 2 : 3))
        .shouldFailOnError(true);
    Collection<RunResult> results = new Runner(options.build()).run();

    Map<Key, RunResult> byKey = new HashMap<>();
    for (RunResult r : results) {
      var p = r.getParams();
      String kernel = p.getBenchmark().contains("PolicyLoss") ? "policy_loss_fwd_bwd" : "token_logprobs";
      byKey.put(new Key(kernel, p.getParam("impl"), Integer.parseInt(p.getParam("n")),
          Integer.parseInt(p.getParam("v")), p.getParam("dtype")), r);
    }

    List<KernelBenchRecord> records = new ArrayList<>();
    for (Key k : byKey.keySet().stream().filter(k -> k.impl().equals("ar1")).sorted(
        java.util.Comparator.comparing(Key::kernel).thenComparing(Key::dtype).thenComparingInt(Key::n)).toList()) {
      RunResult ours = byKey.get(k);
      RunResult base = byKey.get(new Key(k.kernel(), "libtorch", k.n(), k.v(), k.dtype()));
      if (base == null) continue;
      KernelShape shape = new KernelShape(k.n(), k.v(), k.dtype());
      long[] memory = peakExtraBytes(k.kernel(), shape);
      boolean fused = k.kernel().equals("policy_loss_fwd_bwd");
      // bytes a perfect kernel moves: read the logits once, and write the gradient once when fused
      long bytes = shape.elements() * shape.bytesPerElement() * (fused ? 2 : 1);
      double ms = ours.getPrimaryResult().getScore();
      double baseMs = base.getPrimaryResult().getScore();
      records.add(new KernelBenchRecord(k.kernel(), "cpu", k.dtype(), k.n(), k.v(), torch.get_num_threads(),
          ms, ours.getPrimaryResult().getScoreError(), ms * 1e6 / shape.elements(), bytes / (ms * 1e6),
          fused ? BASELINE : BASELINE_NO_GRAD, baseMs, baseMs * 1e6 / shape.elements(), bytes / (baseMs * 1e6),
          baseMs / ms, memory[0], memory[1], bytes));
    }
    write(records);
    print(records);
    return records;
  }

  /** Peak extra resident memory of one call of [ours, baseline], measured outside JMH. */
  private static long[] peakExtraBytes(String kernel, KernelShape shape) {
    BenchInputs in = BenchInputs.create(shape, 7L);
    PolicyLossConfig config = new PolicyLossConfig(LossVariant.CLIP,
        BenchInputs.TEMPERATURE, PolicyLossBench.EPS_LOW, PolicyLossBench.EPS_HIGH, PolicyLossBench.BETA);
    long[] bytes = new long[2];
    String[] impls = {"ar1", "libtorch"};
    for (int i = 0; i < 2; i++) {
      String impl = impls[i];
      bytes[i] = PeakMemoryProbe.peakExtraBytes(() -> {
        try (PointerScope scope = new PointerScope()) {
          if (kernel.equals("policy_loss_fwd_bwd")) {
            PolicyLossBench.run(impl, in, config);
          } else {
            try (NoGradGuard noGrad = new NoGradGuard()) {
              TokenLogprobsBench.run(impl, in);
            }
          }
        }
      });
    }
    return bytes;
  }

  private void write(List<KernelBenchRecord> records) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), records);
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void print(List<KernelBenchRecord> records) {
    System.out.printf(Locale.ROOT, "%n%-20s %-5s %5s %7s | %9s %8s %9s | %9s %9s | %8s %12s %12s%n",
        "kernel", "dtype", "n", "v", "ms", "ns/elem", "GB/s", "base ms", "base ns/e", "speedup",
        "extra MB", "base extraMB");
    for (KernelBenchRecord r : records) {
      System.out.printf(Locale.ROOT, "%-20s %-5s %5d %7d | %9.2f %8.3f %9.2f | %9.2f %9.3f | %7.1fx %12.1f %12.1f%n",
          r.kernel(), r.dtype(), r.n(), r.v(), r.ms(), r.nsPerElement(), r.effectiveGbPerS(), r.baselineMs(),
          r.baselineNsPerElement(), r.speedup(), r.peakExtraBytes() / 1e6, r.baselinePeakExtraBytes() / 1e6);
    }
    System.out.println("written: " + out);
  }
}

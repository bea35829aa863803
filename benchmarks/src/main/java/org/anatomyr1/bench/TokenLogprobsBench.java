// JMH: no-grad token log-probs (kernels.md section 1, old/reference log-probs at rollout time)
// against LibTorch's composed ops (TRL's selective_log_softmax).
package org.anatomyr1.bench;

import java.util.concurrent.TimeUnit;
import org.anatomyr1.kernels.TensorKernels;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TokenLogprobsBench {
  @Param({"ar1", "libtorch"})
  public String impl;

  @Param({"512", "2048"})
  public int n;

  @Param({"151936"})
  public int v;

  @Param({"f32", "bf16"})
  public String dtype;

  private BenchInputs inputs;

  @Setup(Level.Trial)
  public void setUp() {
    inputs = BenchInputs.create(new KernelShape(n, v, dtype), 20261122L);
  }

  @Benchmark
  public Object logprobs() {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      return run(impl, inputs);
    }
  }

  static Object run(String impl, BenchInputs in) {
    if (impl.equals("ar1")) {
      return TensorKernels.tokenLogprobs(in.logits, in.targets, BenchInputs.TEMPERATURE, false).logp().numel();
    }
    return LibTorchBaselines.tokenLogprobs(in.logits, in.targets, BenchInputs.TEMPERATURE).numel();
  }
}

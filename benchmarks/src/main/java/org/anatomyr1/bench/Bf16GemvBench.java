// JMH: decoding's bf16 linear layer (a few rows of x against a [11008, 2048] Qwen2.5-VL-3B MLP
// weight) through our ar1_gemv_bf16_cpu (CpuBf16Gemv) against LibTorch's own bf16 linear, the op
// it replaces on a CPU without bf16 instructions.
package org.anatomyr1.bench;

import java.util.concurrent.TimeUnit;
import org.anatomyr1.model.core.CpuBf16Gemv;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
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
public class Bf16GemvBench {
  @Param({"ar1", "libtorch"})
  public String impl;

  /** rows of x: 1 = one sequence decoding, 4 and 16 = a GRPO group decoding together */
  @Param({"1", "4", "16"})
  public int rows;

  private Tensor weight; // [11008, 2048] bf16, 45 MB: larger than the caches
  private Tensor x; // [rows, 2048] bf16

  @Setup(Level.Trial)
  public void setUp() {
    torch.manual_seed(20261201L);
    weight = torch.randn(11008, 2048).mul(new org.bytedeco.pytorch.Scalar(0.02)).to(ScalarType.BFloat16);
    x = torch.randn(rows, 2048).to(ScalarType.BFloat16);
  }

  @Benchmark
  public long linear() {
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Tensor y = impl.equals("ar1") ? CpuBf16Gemv.linear(x, weight, null) : torch.linear(x, weight);
      return y.numel();
    }
  }
}

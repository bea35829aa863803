// JMH: the fused policy loss forward + backward (kernels.md section 2) against the same math
// composed from LibTorch ops with autograd (TRL recipe), at Qwen's vocabulary size.
package org.anatomyr1.bench;

import java.util.concurrent.TimeUnit;
import org.anatomyr1.kernels.GradientMode;
import org.anatomyr1.kernels.LossVariant;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.anatomyr1.kernels.TensorKernels;
import org.bytedeco.javacpp.PointerScope;
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
public class PolicyLossBench {
  /** ms-swift GRPO defaults as the paper used them: clip 0.2, k3 KL with beta 0.04. */
  static final float EPS_LOW = 0.2f;
  static final float EPS_HIGH = 0.2f;
  static final float BETA = 0.04f;

  @Param({"ar1", "libtorch"})
  public String impl;

  @Param({"512", "2048"})
  public int n;

  @Param({"151936"})
  public int v;

  @Param({"f32", "bf16"})
  public String dtype;

  private BenchInputs inputs;
  private PolicyLossConfig config;

  @Setup(Level.Trial)
  public void setUp() {
    inputs = BenchInputs.create(new KernelShape(n, v, dtype), 20261122L);
    config = new PolicyLossConfig(LossVariant.CLIP, BenchInputs.TEMPERATURE, EPS_LOW, EPS_HIGH, BETA);
  }

  /**
   * One forward + backward. The kernel writes the gradient over the logits, so later calls run on
   * the previous call's gradient: the work per element does not depend on the values.
   */
  @Benchmark
  public Object forwardBackward() {
    try (PointerScope scope = new PointerScope()) {
      return run(impl, inputs, config);
    }
  }

  static Object run(String impl, BenchInputs in, PolicyLossConfig config) {
    if (impl.equals("ar1")) {
      return TensorKernels.policyLoss(in.logits, in.targets, in.oldLogp, in.refLogp, in.advantages,
              in.mask, in.weights, config, GradientMode.IN_PLACE)
          .loss().item_float();
    }
    return LibTorchBaselines.policyLossGradient(in, EPS_LOW, EPS_HIGH, BETA).numel();
  }
}

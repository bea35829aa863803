// The kernel facade: one Java method per native kernel (kernels.md), the same for the CPU twins
// and the CUDA kernels. Arguments are checked in Java; native failures become KernelException.
package org.anatomyr1.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The four kernels of {@code native/include/ar1/kernels.h}.
 *
 * <p>Buffers are {@link MemorySegment}s: host memory for {@link #cpu()}, device addresses wrapped
 * as {@code MemorySegment.ofAddress(ptr).reinterpret(bytes)} (or {@link DeviceBuffer#segment()})
 * for {@link #cuda()}. Nullable buffers may be {@code null}. A {@code null} stream means the
 * default stream; CPU ops accept only {@code null} or {@link CudaStream#DEFAULT}. CUDA ops are
 * asynchronous on their stream.
 *
 * <p>Every invalid argument throws {@link IllegalArgumentException} naming it before any native
 * call; a failure inside the library throws {@link KernelException}.
 */
public interface KernelOps {

  /** The CPU twins (always available where libar1_kernels.so was built). */
  static CpuKernelOps cpu() {
    return CpuKernelOps.instance();
  }

  /**
   * The CUDA kernels.
   *
   * @throws IllegalStateException with {@link Backends#describe()}'s reason when unavailable
   */
  static CudaKernelOps cuda() {
    return CudaKernelOps.instance();
  }

  /** {@link #cpu()} or {@link #cuda()}. */
  static KernelOps of(Backend backend) {
    return switch (backend) {
      case CPU -> cpu();
      case CUDA -> cuda();
    };
  }

  /** Which backend runs these ops. */
  Backend backend();

  /**
   * Token log-probs without gradient: {@code z = logits[r] / temperature},
   * {@code lse[r] = LSE(z)}, {@code logp[r] = z[targets[r]] - lse[r]},
   * {@code entropy[r] = lse[r] - sum softmax(z) z}.
   *
   * @param logits // [n, v] f32 | bf16
   * @param targets // [n] int64 in [0, v)
   * @param temperature tau, finite and > 0
   * @param logpOut // [n] f32, nullable
   * @param lseOut // [n] f32, nullable
   * @param entropyOut // [n] f32, nullable
   * @param stream CUDA stream, null = default
   */
  void tokenLogprobs(Logits logits, MemorySegment targets, float temperature, MemorySegment logpOut,
      MemorySegment lseOut, MemorySegment entropyOut, CudaStream stream);

  /** {@link #tokenLogprobs(Logits, MemorySegment, float, MemorySegment, MemorySegment, MemorySegment, CudaStream)} on the default stream. */
  default void tokenLogprobs(Logits logits, MemorySegment targets, float temperature,
      MemorySegment logpOut, MemorySegment lseOut, MemorySegment entropyOut) {
    tokenLogprobs(logits, targets, temperature, logpOut, lseOut, entropyOut, null);
  }

  /**
   * Fused policy loss forward + backward (kernels.md section 2): per-token loss, logp, k3 KL,
   * ratio, clip flag and, when {@code outputs.gradient()} is set, d (sum w m loss) / d logits
   * (in place when it is {@code logits.data()}).
   *
   * @param logits // [n, v] f32 | bf16
   * @param inputs per-token inputs, each // [n]
   * @param config variant, temperature, clip range, beta
   * @param outputs buffers to write
   * @param stream CUDA stream, null = default
   */
  void policyLoss(Logits logits, PolicyLossInputs inputs, PolicyLossConfig config,
      PolicyLossOutputs outputs, CudaStream stream);

  /** {@link #policyLoss(Logits, PolicyLossInputs, PolicyLossConfig, PolicyLossOutputs, CudaStream)} on the default stream. */
  default void policyLoss(Logits logits, PolicyLossInputs inputs, PolicyLossConfig config,
      PolicyLossOutputs outputs) {
    policyLoss(logits, inputs, config, outputs, null);
  }

  /**
   * Group advantages (kernels.md section 3).
   *
   * @param rewards // [numGroups * groupSize] f32, groups contiguous
   * @param numGroups >= 0
   * @param groupSize >= 1
   * @param config mode, std estimator, eps
   * @param advantagesOut // [numGroups * groupSize] f32
   * @param groupMeanOut // [numGroups] f32, nullable
   * @param groupStdOut // [numGroups] f32, nullable
   * @param zeroVarianceOut // [numGroups] uint8, nullable
   * @param stream CUDA stream, null = default
   */
  void groupAdvantages(MemorySegment rewards, long numGroups, long groupSize, AdvantageConfig config,
      MemorySegment advantagesOut, MemorySegment groupMeanOut, MemorySegment groupStdOut,
      MemorySegment zeroVarianceOut, CudaStream stream);

  /** {@link #groupAdvantages(MemorySegment, long, long, AdvantageConfig, MemorySegment, MemorySegment, MemorySegment, MemorySegment, CudaStream)} on the default stream. */
  default void groupAdvantages(MemorySegment rewards, long numGroups, long groupSize,
      AdvantageConfig config, MemorySegment advantagesOut, MemorySegment groupMeanOut,
      MemorySegment groupStdOut, MemorySegment zeroVarianceOut) {
    groupAdvantages(rewards, numGroups, groupSize, config, advantagesOut, groupMeanOut, groupStdOut,
        zeroVarianceOut, null);
  }

  /**
   * Gaussian image noise with Philox4x32-10 + Box-Muller keyed by (seed, offset + element index),
   * so the result depends on neither thread count nor launch shape (kernels.md section 4).
   *
   * @param src // [count] f32 in [0, 1] or u8
   * @param dst // [count], same dtype; may be src (in place)
   * @param dtype {@link DType#F32} or {@link DType#U8}
   * @param count elements, >= 0
   * @param config sigma or NoisyRollout step, clamp
   * @param seed Philox key (all 64 bits used)
   * @param offset global index of element 0 (for tiling one image over several calls)
   * @param stream CUDA stream, null = default
   */
  void imageNoise(MemorySegment src, MemorySegment dst, DType dtype, long count, NoiseConfig config,
      long seed, long offset, CudaStream stream);

  /** {@link #imageNoise(MemorySegment, MemorySegment, DType, long, NoiseConfig, long, long, CudaStream)} on the default stream. */
  default void imageNoise(MemorySegment src, MemorySegment dst, DType dtype, long count,
      NoiseConfig config, long seed, long offset) {
    imageNoise(src, dst, dtype, count, config, seed, offset, null);
  }
}

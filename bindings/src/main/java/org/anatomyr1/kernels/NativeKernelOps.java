// Shared body of CpuKernelOps and CudaKernelOps: validates every argument in Java, calls the
// downcall handle of the right library and checks the status in NativeStatus.check.
package org.anatomyr1.kernels;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

abstract sealed class NativeKernelOps implements KernelOps permits CpuKernelOps, CudaKernelOps {
  private static final int F32 = 4;
  private static final int I64 = 8;

  private final KernelSymbols sym;

  NativeKernelOps(KernelSymbols sym) {
    this.sym = sym;
  }

  /** The native stream argument; CPU ops reject anything but the default stream. */
  abstract MemorySegment streamArg(CudaStream stream);

  /** True when buffers are host memory that Java may read (target range checks). */
  abstract boolean hostMemory();

  /** The library these ops call. */
  public LoadedLibrary library() {
    return sym.library;
  }

  private String op(String kernel) {
    return "ar1_" + kernel + "_" + sym.suffix;
  }

  @Override
  public void tokenLogprobs(Logits logits, MemorySegment targets, float temperature,
      MemorySegment logpOut, MemorySegment lseOut, MemorySegment entropyOut, CudaStream stream) {
    requireLogits(logits);
    long n = logits.n();
    checkTargets(targets, n, logits.v());
    Args.positiveFinite("temperature", temperature);
    output("logpOut", logpOut, n * F32, F32);
    output("lseOut", lseOut, n * F32, F32);
    output("entropyOut", entropyOut, n * F32, F32);
    MemorySegment s = streamArg(stream);
    int status;
    try {
      status = (int) sym.tokenLogprobs.invokeExact(logits.data(), logits.dtype().code(), n,
          logits.v(), logits.rowStride(), targets, temperature, orNull(logpOut), orNull(lseOut),
          orNull(entropyOut), s);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    NativeStatus.check(op("token_logprobs"), status, sym::lastError);
  }

  @Override
  public void policyLoss(Logits logits, PolicyLossInputs inputs, PolicyLossConfig config,
      PolicyLossOutputs outputs, CudaStream stream) {
    requireLogits(logits);
    if (inputs == null) {
      throw new IllegalArgumentException("inputs must not be null (use PolicyLossInputs.of)");
    }
    if (config == null) {
      throw new IllegalArgumentException("config must not be null (e.g. PolicyLossConfig.grpo())");
    }
    if (outputs == null) {
      throw new IllegalArgumentException("outputs must not be null (use PolicyLossOutputs.none())");
    }
    long n = logits.n();
    long rowBytes = n * F32;
    checkTargets(inputs.targets(), n, logits.v());
    Args.optionalSegment("oldLogp", inputs.oldLogp(), rowBytes, F32);
    Args.optionalSegment("refLogp", inputs.refLogp(), rowBytes, F32);
    if (inputs.refLogp() == null && config.beta() != 0f) {
      throw new IllegalArgumentException("refLogp must be given when beta = " + config.beta() + " != 0");
    }
    Args.segment("advantages", inputs.advantages(), rowBytes, F32);
    Args.optionalSegment("mask", inputs.mask(), rowBytes, F32);
    Args.optionalSegment("weights", inputs.weights(), rowBytes, F32);

    MemorySegment grad = outputs.gradient();
    if (grad != null) {
      output("gradient", grad, logits.byteSize(), logits.dtype().byteSize());
      boolean inPlace = grad.address() == logits.data().address();
      if (!inPlace && Args.overlaps(grad, logits.byteSize(), logits.data(), logits.byteSize())) {
        throw new IllegalArgumentException("gradient must be the logits segment itself (in place) or"
            + " a disjoint buffer; it overlaps logits at a different address");
      }
    }
    output("logp", outputs.logp(), rowBytes, F32);
    output("loss", outputs.loss(), rowBytes, F32);
    output("kl", outputs.kl(), rowBytes, F32);
    output("ratio", outputs.ratio(), rowBytes, F32);
    output("clipped", outputs.clipped(), n, 1);
    MemorySegment s = streamArg(stream);
    int status;
    try {
      status = (int) sym.policyLoss.invokeExact(logits.data(), logits.dtype().code(), n, logits.v(),
          logits.rowStride(), inputs.targets(), orNull(inputs.oldLogp()), orNull(inputs.refLogp()),
          inputs.advantages(), orNull(inputs.mask()), orNull(inputs.weights()),
          config.variant().code(), config.temperature(), config.epsLow(), config.epsHigh(),
          config.beta(), orNull(grad), orNull(outputs.logp()), orNull(outputs.loss()),
          orNull(outputs.kl()), orNull(outputs.ratio()), orNull(outputs.clipped()), s);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    NativeStatus.check(op("policy_loss"), status, sym::lastError);
  }

  @Override
  public void groupAdvantages(MemorySegment rewards, long numGroups, long groupSize,
      AdvantageConfig config, MemorySegment advantagesOut, MemorySegment groupMeanOut,
      MemorySegment groupStdOut, MemorySegment zeroVarianceOut, CudaStream stream) {
    Args.nonNegative("numGroups", numGroups);
    if (groupSize < 1) {
      throw new IllegalArgumentException("groupSize must be >= 1, got " + groupSize);
    }
    if (config == null) {
      throw new IllegalArgumentException("config must not be null (e.g. AdvantageConfig.grpo())");
    }
    long total = Args.product("numGroups * groupSize", numGroups, groupSize);
    long bytes = Args.product("rewards bytes", total, F32);
    Args.segment("rewards", rewards, bytes, F32);
    if (advantagesOut == null) {
      throw new IllegalArgumentException("advantagesOut must not be null");
    }
    output("advantagesOut", advantagesOut, bytes, F32);
    output("groupMeanOut", groupMeanOut, numGroups * F32, F32);
    output("groupStdOut", groupStdOut, numGroups * F32, F32);
    output("zeroVarianceOut", zeroVarianceOut, numGroups, 1);
    MemorySegment s = streamArg(stream);
    int status;
    try {
      status = (int) sym.groupAdvantages.invokeExact(rewards, numGroups, groupSize,
          config.mode().code(), config.unbiased() ? 1 : 0, config.eps(), advantagesOut,
          orNull(groupMeanOut), orNull(groupStdOut), orNull(zeroVarianceOut), s);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    NativeStatus.check(op("group_advantages"), status, sym::lastError);
  }

  @Override
  public void imageNoise(MemorySegment src, MemorySegment dst, DType dtype, long count,
      NoiseConfig config, long seed, long offset, CudaStream stream) {
    if (dtype != DType.F32 && dtype != DType.U8) {
      throw new IllegalArgumentException("image dtype must be F32 or U8, got " + dtype);
    }
    Args.nonNegative("count", count);
    if (config == null) {
      throw new IllegalArgumentException("config must not be null (e.g. NoiseConfig.sigma(0.05f))");
    }
    long bytes = Args.product("image bytes", count, dtype.byteSize());
    Args.segment("src", src, bytes, dtype.byteSize());
    if (dst == null) {
      throw new IllegalArgumentException("dst must not be null (pass src for in place)");
    }
    output("dst", dst, bytes, dtype.byteSize());
    if (dst.address() != src.address() && Args.overlaps(dst, bytes, src, bytes)) {
      throw new IllegalArgumentException("dst must be src itself (in place) or a disjoint buffer");
    }
    MemorySegment s = streamArg(stream);
    int status;
    try {
      status = (int) sym.imageNoise.invokeExact(src, dst, dtype.code(), count, config.sigma(),
          config.noiseStep(), seed, offset, config.clamp() ? 1 : 0, s);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    NativeStatus.check(op("image_noise"), status, sym::lastError);
  }

  private static void requireLogits(Logits logits) {
    if (logits == null) {
      throw new IllegalArgumentException("logits must not be null");
    }
  }

  private void checkTargets(MemorySegment targets, long n, long v) {
    Args.segment("targets", targets, n * I64, I64);
    if (hostMemory()) {
      // device data cannot be read here: the CUDA kernel writes NaN rows for bad targets instead
      for (long i = 0; i < n; i++) {
        long t = targets.getAtIndex(JAVA_LONG, i);
        if (t < 0 || t >= v) {
          throw new IllegalArgumentException("targets[" + i + "] = " + t + " is out of range [0, " + v + ")");
        }
      }
    }
  }

  private static void output(String name, MemorySegment s, long bytes, int elemSize) {
    Args.optionalSegment(name, s, bytes, elemSize);
    if (s != null && s.isReadOnly()) {
      throw new IllegalArgumentException(name + " is a read-only segment but is written");
    }
  }

  static MemorySegment orNull(MemorySegment s) {
    return s == null ? MemorySegment.NULL : s;
  }

  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r; // e.g. IllegalStateException for a closed arena, WrongThreadException
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed: " + t, t);
  }
}

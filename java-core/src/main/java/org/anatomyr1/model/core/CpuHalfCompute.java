// Where LibTorch's CPU kernels are slow in 16-bit: on a CPU without bf16/fp16 instructions (AVX2
// only) LibTorch 2.10 runs bf16 GEMM at ~8 GFLOP/s against ~50 in fp32, and bf16
// scaled_dot_product_attention 7-14x slower than fp32 (docs/BENCHMARKS.md, "bf16 on an AVX2-only CPU").
// There the model upcasts the operands of those ops to fp32 per call (weights stay 16-bit in memory)
// and rounds the result back to the compute dtype, as a 16-bit GEMM with fp32 accumulation would.
package org.anatomyr1.model.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class CpuHalfCompute {
  /**
   * -Dar1.cpuHalfCompute=auto (default: fp32 detour unless the CPU has native 16-bit matrix
   * instructions), fp32 (always detour) or native (never; LibTorch's own 16-bit kernels).
   */
  public static final String PROPERTY = "ar1.cpuHalfCompute";

  /**
   * Rows below which a 16-bit GEMM stays native: the weight's upcast costs a fixed ~15-30 ns of CPU
   * per weight element here, which native bf16 GEMM beats up to ~64-128 rows ([11008, 2048] weight:
   * native 0.3 s vs detour 0.7 s CPU at 64 rows, 1.5 s vs 0.7 s at 304). Fewer rows without
   * gradients (decoding) go through our own kernel instead (CpuBf16Gemv).
   */
  static final long MIN_ROWS = 128;

  private static final boolean BF16_NATIVE;
  private static final boolean FP16_NATIVE;

  static {
    String mode = System.getProperty(PROPERTY, "auto").toLowerCase(Locale.ROOT);
    String flags = mode.equals("auto") ? cpuFlags() : "";
    switch (mode) {
      case "auto" -> {
        BF16_NATIVE = flags.contains(" avx512_bf16") || flags.contains(" amx_bf16");
        FP16_NATIVE = flags.contains(" avx512_fp16") || flags.contains(" amx_fp16");
      }
      case "fp32" -> {
        BF16_NATIVE = false;
        FP16_NATIVE = false;
      }
      case "native" -> {
        BF16_NATIVE = true;
        FP16_NATIVE = true;
      }
      default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, fp32 or native, got '" + mode + "'");
    }
  }

  private CpuHalfCompute() {}

  /** True when {@code t} is a 16-bit CPU tensor whose GEMM/attention LibTorch runs slowly here. */
  public static boolean detour(Tensor t) {
    int dt = t.scalar_type().value;
    if (dt == ScalarType.BFloat16.value) return !BF16_NATIVE && t.is_cpu();
    if (dt == ScalarType.Half.value) return !FP16_NATIVE && t.is_cpu();
    return false;
  }

  /** " flag flag ..." of the first CPU in /proc/cpuinfo, "" when unreadable (then: detour). */
  private static String cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) return " " + line.substring(line.indexOf(':') + 1).trim() + " ";
      }
    } catch (IOException | RuntimeException e) {
      return "";
    }
    return "";
  }
}

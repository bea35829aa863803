// Fuzzed bad arguments: seeded random valid calls with exactly one fault injected (negative sizes,
// null / heap / misaligned / too-small / read-only segments, out-of-range targets, bad configs,
// closed arenas, a CUDA stream on the CPU). Every one must throw with a message; the JVM survives.
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BadArgumentsFuzzTest {
  private static final int FAULTS = 30;

  /** Builds one call of a random kernel with fault number {@code fault} injected. */
  private static Runnable badCall(Arena arena, Random rnd, int fault) {
    int n = 1 + rnd.nextInt(20);
    int v = 1 + rnd.nextInt(40);
    int stride = v + rnd.nextInt(3);
    DType dtype = rnd.nextBoolean() ? DType.F32 : DType.BF16;
    long logitBytes = ((long) (n - 1) * stride + v) * dtype.byteSize();
    MemorySegment logits = arena.allocate(logitBytes, 4);
    long[] tg = new long[n];
    for (int i = 0; i < n; i++) {
      tg[i] = rnd.nextInt(v);
    }
    MemorySegment targets = Buffers.longs(arena, tg);
    MemorySegment rows = Buffers.floatOut(arena, n);
    MemorySegment rows2 = Buffers.floatOut(arena, n);
    MemorySegment flags = Buffers.byteOut(arena, n);
    MemorySegment shortRows = Buffers.floatOut(arena, n - 1);
    CpuKernelOps ops = KernelOps.cpu();
    PolicyLossConfig grpo = PolicyLossConfig.grpo();
    PolicyLossInputs in = PolicyLossInputs.of(targets, rows).withRefLogp(rows2);
    PolicyLossOutputs out = PolicyLossOutputs.none().withGradient(logits).withLoss(Buffers.floatOut(arena, n));
    float tau = 0.5f + rnd.nextFloat();
    return switch (fault) {
      case 0 -> () -> ops.tokenLogprobs(null, targets, tau, rows, null, null);
      case 1 -> () -> new Logits(logits, dtype, -1 - rnd.nextInt(1000), v, stride);
      case 2 -> () -> new Logits(logits, dtype, n, -rnd.nextInt(3), stride);
      case 3 -> () -> new Logits(logits, dtype, n, v, v - 1 - rnd.nextInt(5));
      case 4 -> () -> new Logits(logits.asSlice(0, logitBytes - 1), dtype, n, v, stride);
      case 5 -> () -> new Logits(MemorySegment.ofArray(new float[n * stride]), DType.F32, n, v, stride);
      case 6 -> () -> new Logits(logits, rnd.nextBoolean() ? DType.U8 : null, n, v, stride);
      case 7 -> () -> new Logits(arena.allocate(logitBytes + 8, 8).asSlice(1, logitBytes), DType.F32, n, v, stride);
      case 8 -> () -> ops.tokenLogprobs(new Logits(logits, dtype, n, v, stride), null, tau, rows, null, null);
      case 9 -> () -> {
        targets.setAtIndex(ValueLayout.JAVA_LONG, rnd.nextInt(n), rnd.nextBoolean() ? -1 - rnd.nextInt(9) : v + rnd.nextInt(9));
        ops.tokenLogprobs(new Logits(logits, dtype, n, v, stride), targets, tau, rows, null, null);
      };
      case 10 -> () -> ops.tokenLogprobs(new Logits(logits, dtype, n, v, stride), targets,
          new float[] {Float.NaN, 0f, -1f, Float.POSITIVE_INFINITY}[rnd.nextInt(4)], rows, null, null);
      case 11 -> () -> ops.tokenLogprobs(new Logits(logits, dtype, n, v, stride), targets, tau, shortRows, null, null);
      case 12 -> () -> ops.tokenLogprobs(new Logits(logits, dtype, n, v, stride), targets, tau, rows.asReadOnly(), null, null);
      case 13 -> () -> ops.policyLoss(new Logits(logits, dtype, n, v, stride), PolicyLossInputs.of(targets, null), grpo.withBeta(0), out);
      case 14 -> () -> ops.policyLoss(new Logits(logits, dtype, n, v, stride), PolicyLossInputs.of(targets, rows), grpo, out);
      case 15 -> () -> ops.policyLoss(new Logits(logits, dtype, n, v, stride), in.withMask(shortRows), grpo, out);
      case 16 -> () -> ops.policyLoss(new Logits(logits, dtype, n, v, stride), in.withOldLogp(shortRows), grpo, out);
      case 17 -> () -> ops.policyLoss(new Logits(logits, dtype, n, v, stride), in, grpo,
          out.withGradient(arena.allocate(logitBytes, 4).asSlice(0, logitBytes - dtype.byteSize())));
      case 18 -> () -> ops.policyLoss(new Logits(logits, dtype, n, v, stride), in, grpo,
          out.withGradient(logits.asSlice(dtype.byteSize())));
      case 19 -> () -> ops.policyLoss(new Logits(logits, dtype, n, v, stride), in, grpo, out.withClipped(flags.asSlice(0, n - 1)));
      case 20 -> () -> new PolicyLossConfig(LossVariant.CLIP, Float.NaN, 0.2f, 0.2f, 0f);
      case 21 -> () -> new PolicyLossConfig(rnd.nextBoolean() ? null : LossVariant.PLAIN, 1f,
          rnd.nextBoolean() ? 1.5f : 0.2f, rnd.nextBoolean() ? -0.1f : 0.2f, -rnd.nextFloat() - 0.01f);
      case 22 -> () -> ops.policyLoss(new Logits(logits, dtype, n, v, stride), in, null, out);
      case 23 -> () -> ops.policyLoss(new Logits(logits, dtype, n, v, stride), in, grpo, out, CudaStream.wrap(0x1000 + rnd.nextInt(1 << 20)));
      case 24 -> () -> ops.groupAdvantages(rows, -1 - rnd.nextInt(5), 2, AdvantageConfig.grpo(), rows2, null, null, null);
      case 25 -> () -> ops.groupAdvantages(rows, 1, -rnd.nextInt(3), AdvantageConfig.grpo(), rows2, null, null, null);
      case 26 -> () -> ops.groupAdvantages(rows, n, 2, AdvantageConfig.grpo(), rows2, null, null, null);
      case 27 -> () -> ops.groupAdvantages(rows, 1, n, new AdvantageConfig(AdvantageMode.STD, true, Float.NaN), rows2, null, null, null);
      case 28 -> () -> ops.imageNoise(rows, rows2, rnd.nextBoolean() ? DType.BF16 : null, n, NoiseConfig.sigma(0.1f), 1, 0);
      case 29 -> () -> {
        MemorySegment closed;
        try (Arena a = Arena.ofConfined()) {
          closed = a.allocate(4L * n, 4);
        }
        ops.imageNoise(closed, closed, DType.F32, n, NoiseConfig.sigma(0.1f), 1, 0);
      };
      default -> throw new IllegalArgumentException("fault " + fault);
    };
  }

  @Test
  void everyFaultThrowsWithAMessage() {
    long seed = 8675309L;
    Random rnd = new Random(seed);
    for (int i = 0; i < 600; i++) {
      int fault = rnd.nextInt(FAULTS);
      try (Arena arena = Arena.ofConfined()) {
        Runnable call = badCall(arena, rnd, fault);
        try {
          call.run();
          fail("fault " + fault + " (iteration " + i + ", seed " + seed + ") did not throw");
        } catch (IllegalArgumentException | IllegalStateException | KernelException e) {
          assertNotNull(e.getMessage(), "fault " + fault + " threw without a message, seed " + seed);
          assertFalse(e.getMessage().isBlank(), "fault " + fault + " blank message, seed " + seed);
        }
      }
    }
    // the library still works after all that
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment lp = Buffers.floatOut(arena, 1);
      KernelOps.cpu().tokenLogprobs(Logits.dense(Buffers.floats(arena, new float[] {0f, 0f}), DType.F32, 1, 2),
          Buffers.longs(arena, new long[] {1}), 1f, lp, null, null);
      assertEquals(-Math.log(2), Buffers.toFloats(lp)[0], 1e-6);
    }
  }

  @Test
  void messagesNameTheArgument() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment logits = Buffers.floats(arena, new float[] {1, 2, 3, 4, 5, 6});
      MemorySegment targets = Buffers.longs(arena, new long[] {0, 5});
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelOps.cpu()
          .tokenLogprobs(Logits.dense(logits, DType.F32, 2, 3), targets, 1f, null, null, null));
      assertTrue(e.getMessage().contains("targets[1] = 5"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> Logits.dense(logits, DType.F32, 3, 3));
      assertTrue(e.getMessage().contains("logits is too small: 24 bytes, need 36"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> PolicyLossConfig.grpo().withTemperature(-2f));
      assertTrue(e.getMessage().contains("PolicyLossConfig.temperature"), e.getMessage());
    }
  }

  @Test
  void nativeValidationReportsThroughKernelException() {
    // bypass the Java checks: the C twin must reject a NULL logits pointer with a status and text
    KernelSymbols sym = new KernelSymbols(NativeLibraries.cpu(), "cpu", "ar1_last_error");
    int status;
    try {
      status = (int) sym.tokenLogprobs.invokeExact(MemorySegment.NULL, 0, 3L, 5L, 5L,
          MemorySegment.NULL, 1f, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL,
          MemorySegment.NULL);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    assertEquals(NativeStatus.INVALID_ARGUMENT, status);
    KernelException e = assertThrows(KernelException.class,
        () -> NativeStatus.check("ar1_token_logprobs_cpu", status, sym::lastError));
    assertEquals("AR1_ERR_INVALID_ARGUMENT", e.statusName());
    assertFalse(e.nativeMessage().isBlank(), "ar1_last_error() must explain the failure");
    assertTrue(e.getMessage().startsWith("ar1_token_logprobs_cpu failed with AR1_ERR_INVALID_ARGUMENT: "),
        e.getMessage());

    // enum values no Java enum can produce: the C twins reject them too (seeded garbage)
    long seed = 4711;
    Random rnd = new Random(seed);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = Buffers.floatOut(arena, 64);
      MemorySegment tgt = Buffers.longs(arena, new long[8]);
      for (int i = 0; i < 50; i++) {
        int badDtype = rnd.nextBoolean() ? 3 + rnd.nextInt(1000) : -1 - rnd.nextInt(1000);
        int badVariant = rnd.nextBoolean() ? 2 + rnd.nextInt(1000) : -1 - rnd.nextInt(1000);
        int s1;
        int s2;
        int s3;
        try {
          s1 = (int) sym.tokenLogprobs.invokeExact(buf, badDtype, 2L, 4L, 4L, tgt, 1f, buf,
              MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
          s2 = (int) sym.policyLoss.invokeExact(buf, 0, 2L, 4L, 4L, tgt, MemorySegment.NULL,
              MemorySegment.NULL, buf, MemorySegment.NULL, MemorySegment.NULL, badVariant, 1f, 0.2f,
              0.2f, 0f, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL,
              MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
          s3 = (int) sym.groupAdvantages.invokeExact(buf, 2L, 4L, badVariant, 1, 1e-4f, buf,
              MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
          throw new AssertionError(t);
        }
        assertEquals(NativeStatus.INVALID_ARGUMENT, s1, "dtype " + badDtype + ", seed " + seed);
        assertEquals(NativeStatus.INVALID_ARGUMENT, s2, "variant " + badVariant + ", seed " + seed);
        assertEquals(NativeStatus.INVALID_ARGUMENT, s3, "mode " + badVariant + ", seed " + seed);
        assertFalse(sym.lastError().isBlank());
      }
    }
  }
}

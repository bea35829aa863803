// FiniteTensors.require: NaN, +inf and -inf anywhere in a bf16 or fp32 tensor fail with the tensor
// named and counted; extreme finite values, empty and integer tensors pass; and the check of a large
// tensor builds no temporaries of its size (the 3B's embedding check was the load's RSS peak, issue 9).
package org.anatomyr1.model.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FiniteTensorsTest {
  private static final Path WHERE = Path.of("/ckpt");

  private static Tensor filled(long n, double value, ScalarType type) {
    try (TensorOptions o = new TensorOptions(ScalarType.Float)) {
      return torch.full(new long[] {n}, new Scalar(value), o).to(type);
    }
  }

  @Test
  @SuppressWarnings("try")
  void everyNonFiniteValueAnywhereIsRefusedByName() {
    for (ScalarType type : new ScalarType[] {ScalarType.Float, ScalarType.BFloat16}) {
      for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
        for (long at : new long[] {0, 4096, 9999}) {
          try (PointerScope scope = new PointerScope()) {
            Tensor t = filled(10_000, -0.25, type).view(100, 100);
            t.view(-1).narrow(0, at, 1).fill_(new Scalar(bad));
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> FiniteTensors.require(t, WHERE, "w.q"), type + " " + bad + " at " + at);
            String expect = Double.isNaN(bad) ? "holds 1 NaN and 0 infinite" : "holds 0 NaN and 1 infinite";
            assertTrue(e.getMessage().contains("/ckpt: tensor 'w.q' " + expect), e.getMessage());
          }
        }
      }
    }
  }

  @Test
  @SuppressWarnings("try")
  void finiteExtremesEmptyAndIntegerTensorsPass() {
    try (PointerScope scope = new PointerScope()) {
      Tensor big = filled(8, 3.0e38, ScalarType.BFloat16); // near bf16's largest finite value
      big.narrow(0, 3, 1).fill_(new Scalar(-3.0e38));
      assertDoesNotThrow(() -> FiniteTensors.require(big, WHERE, "big"));
      assertDoesNotThrow(() -> FiniteTensors.require(filled(5, Float.MAX_VALUE, ScalarType.Float), WHERE, "max"));
      assertDoesNotThrow(() -> FiniteTensors.require(filled(0, 1.0, ScalarType.Float), WHERE, "empty"));
      assertDoesNotThrow(() -> FiniteTensors.require(filled(4, 7, ScalarType.Long), WHERE, "ids"));
    }
  }

  /** A 128 MB bf16 tensor is checked within 32 MB of extra peak RSS (isfinite().all() took ~320 MB). */
  @Test
  @SuppressWarnings("try")
  void checkAllocatesNothingOfTheTensorsSize() throws IOException {
    Path clearRefs = Path.of("/proc/self/clear_refs");
    Assumptions.assumeTrue(Files.isWritable(clearRefs) && Files.isReadable(Path.of("/proc/self/status")),
        "needs Linux /proc/self/clear_refs to reset the peak RSS");
    long n = 64L << 20;
    try (PointerScope scope = new PointerScope()) {
      Tensor t = filled(n, 0.5, ScalarType.BFloat16); // every page written: resident before the check
      t.narrow(0, n - 1, 1).fill_(new Scalar(1.5));
      Files.writeString(clearRefs, "5"); // resets VmHWM to the current RSS
      long before = statusKb("VmHWM");
      FiniteTensors.require(t, WHERE, "embed");
      long grew = statusKb("VmHWM") - before;
      assertTrue(grew < 32 * 1024, "peak RSS grew by " + grew + " kB checking a " + (2 * n >> 20) + " MB tensor");
    }
  }

  private static long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
    }
    throw new IllegalStateException("/proc/self/status has no " + field);
  }
}

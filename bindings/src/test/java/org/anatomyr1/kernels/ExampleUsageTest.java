// The usage examples of bindings/README.md, compiled and run so they stay true.
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class ExampleUsageTest {

  @Test
  void memorySegmentExample() {
    int n = 2;
    int v = 3;
    // --- README: CPU, MemorySegment ---
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment logits = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f, 2f, 3f, 0f, 0f, 0f); // [n, v]
      MemorySegment targets = arena.allocateFrom(ValueLayout.JAVA_LONG, 2L, 0L);                  // [n]
      MemorySegment adv = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f, -1f);                    // [n]
      MemorySegment loss = arena.allocate(ValueLayout.JAVA_FLOAT, n);
      KernelOps ops = KernelOps.cpu();
      ops.policyLoss(Logits.dense(logits, DType.F32, n, v), PolicyLossInputs.of(targets, adv),
          PolicyLossConfig.dapo(), PolicyLossOutputs.none().withLoss(loss).withGradient(logits));
      // logits now holds d(sum loss)/d logits; loss[t] = -A_t (on-policy, ratio 1)
      // --- end ---
      assertEquals(-1f, loss.getAtIndex(ValueLayout.JAVA_FLOAT, 0), 1e-6);
      assertEquals(1f, loss.getAtIndex(ValueLayout.JAVA_FLOAT, 1), 1e-6);
      // row 1 is uniform with target 0 and A = -1: gradient = (delta - 1/3) * 1
      assertEquals(2f / 3f, logits.getAtIndex(ValueLayout.JAVA_FLOAT, 3), 1e-6);
      assertEquals(-1f / 3f, logits.getAtIndex(ValueLayout.JAVA_FLOAT, 4), 1e-6);
    }
  }

  @Test
  @SuppressWarnings("try") // the PointerScope frees every LibTorch temporary of the test
  void libTorchExample() {
    // --- README: LibTorch tensors ---
    try (PointerScope scope = new PointerScope()) {
      Tensor logits = Tensor.create(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);  // [N, V], CPU or CUDA
      Tensor targets = Tensor.create(new long[] {2, 0}, 2);                 // [N] int64
      Tensor adv = Tensor.create(new float[] {1, -1}, 2);                   // [N]
      PolicyLossResult r = TensorKernels.policyLoss(logits, targets, null, null, adv, null, null,
          PolicyLossConfig.dapo(), GradientMode.IN_PLACE);
      float loss = r.loss().item_float(); // sum_t w_t m_t loss_t; r.gradient() == logits
      // --- end ---
      assertEquals(0f, loss, 1e-6);
      assertTrue(r.gradient() == logits);
    }
  }
}

// Same inputs give bit-identical outputs across thread counts (1 vs 2) and repeated calls
// (kernels.h "Deterministic").
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  private final int originalThreads = KernelOps.cpu().threads();

  @AfterEach
  void restoreThreads() {
    KernelOps.cpu().setThreads(originalThreads);
  }

  /** Runs every kernel once and returns all outputs as fresh byte arrays. */
  private static List<byte[]> runAll(long seed) {
    Random rnd = new Random(seed);
    int n = 67;
    int v = 1001;
    RandomInputs.LogitsCase c = RandomInputs.logits(rnd, n, v, v, true);
    float[] adv = RandomInputs.advantages(rnd, n);
    float[] old = RandomInputs.normals(rnd, n, 1);
    float[] ref = RandomInputs.normals(rnd, n, 1);
    float[] rewards = RandomInputs.normals(rnd, 8 * 63, 1);
    float[] image = new float[10007];
    for (int i = 0; i < image.length; i++) {
      image[i] = rnd.nextFloat();
    }
    List<byte[]> out = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      CpuKernelOps ops = KernelOps.cpu();
      MemorySegment logits = Buffers.floats(arena, c.logits());
      MemorySegment targets = Buffers.longs(arena, c.targets());
      MemorySegment logp = Buffers.floatOut(arena, n);
      MemorySegment lse = Buffers.floatOut(arena, n);
      MemorySegment ent = Buffers.floatOut(arena, n);
      ops.tokenLogprobs(Logits.dense(logits, DType.F32, n, v), targets, 0.7f, logp, lse, ent);
      MemorySegment loss = Buffers.floatOut(arena, n);
      ops.policyLoss(Logits.dense(logits, DType.F32, n, v),
          PolicyLossInputs.of(targets, Buffers.floats(arena, adv)).withOldLogp(Buffers.floats(arena, old))
              .withRefLogp(Buffers.floats(arena, ref)),
          PolicyLossConfig.grpo(), PolicyLossOutputs.none().withGradient(logits).withLoss(loss));
      MemorySegment a = Buffers.floatOut(arena, rewards.length);
      ops.groupAdvantages(Buffers.floats(arena, rewards), 63, 8, AdvantageConfig.grpo(), a, null, null, null);
      MemorySegment img = Buffers.floats(arena, image);
      ops.imageNoise(img, img, DType.F32, image.length, NoiseConfig.sigma(0.1f), seed, 0);
      for (MemorySegment s : List.of(logp, lse, ent, loss, logits, a, img)) {
        out.add(Buffers.toBytes(s));
      }
    }
    return out;
  }

  private static void assertSame(List<byte[]> x, List<byte[]> y, String what) {
    String[] names = {"logp", "lse", "entropy", "loss", "gradient", "advantages", "noise"};
    for (int i = 0; i < x.size(); i++) {
      assertEquals(-1, java.util.Arrays.mismatch(x.get(i), y.get(i)), names[i] + " differs: " + what);
    }
  }

  @Test
  void bitIdenticalAcrossThreadCountsAndRepeats() {
    long seed = 314159;
    CpuKernelOps ops = KernelOps.cpu();
    ops.setThreads(1);
    assertEquals(1, ops.threads());
    List<byte[]> one = runAll(seed);
    ops.setThreads(2);
    assertEquals(2, ops.threads());
    List<byte[]> two = runAll(seed);
    List<byte[]> again = runAll(seed);
    assertSame(one, two, "1 vs 2 threads, seed " + seed);
    assertSame(two, again, "repeated call, seed " + seed);
  }
}

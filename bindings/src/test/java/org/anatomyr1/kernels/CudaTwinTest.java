// CUDA kernels against their CPU twins through the FFM facade with JavaCPP device buffers and a
// stream; skipped (not failed) where no GPU is present.
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CudaTwinTest {

  @BeforeEach
  void requireGpu() {
    BackendInfo info = Backends.describe();
    assumeTrue(info.cudaAvailable(), "no CUDA: " + info.cudaUnavailableReason());
  }

  private static float[] fromDevice(DeviceBuffer b, Arena arena, long n) {
    MemorySegment h = Buffers.floatOut(arena, n);
    b.copyToHost(h);
    return Buffers.toFloats(h);
  }

  @Test
  void policyLossAndLogprobsMatchCpu() {
    long seed = 90210;
    Random rnd = new Random(seed);
    for (DType dtype : DType.values()) {
      if (dtype == DType.U8) {
        continue;
      }
      int n = 67;
      int v = 1001;
      int stride = 1003;
      RandomInputs.LogitsCase c = RandomInputs.logits(rnd, n, v, stride, true);
      short[] bits = dtype == DType.BF16 ? RandomInputs.toBf16(c.logits()) : null;
      float[] adv = RandomInputs.advantages(rnd, n);
      float[] mask = RandomInputs.mask(rnd, n);
      float[] old = RandomInputs.normals(rnd, n, 0.3);
      float[] ref = RandomInputs.normals(rnd, n, 0.3);
      ReferenceKernels.TokenOut cur = ReferenceKernels.tokenLogprobs(c.logits(), n, v, stride, c.targets(), 0.7);
      for (int i = 0; i < n; i++) {
        old[i] += (float) cur.logp()[i];
        ref[i] += (float) cur.logp()[i];
      }
      PolicyLossConfig cfg = PolicyLossConfig.grpo().withTemperature(0.7f);
      try (Arena arena = Arena.ofConfined(); CudaStream stream = CudaStream.create()) {
        MemorySegment hostLogits = bits != null ? Buffers.shorts(arena, bits) : Buffers.floats(arena, c.logits());
        MemorySegment hostTargets = Buffers.longs(arena, c.targets());
        MemorySegment hAdv = Buffers.floats(arena, adv);
        MemorySegment hMask = Buffers.floats(arena, mask);
        MemorySegment hOld = Buffers.floats(arena, old);
        MemorySegment hRef = Buffers.floats(arena, ref);
        MemorySegment cpuLoss = Buffers.floatOut(arena, n);
        MemorySegment cpuLogp = Buffers.floatOut(arena, n);
        MemorySegment cpuGrad = arena.allocate(hostLogits.byteSize(), 4);
        Logits cpuLogits = new Logits(hostLogits, dtype, n, v, stride);
        KernelOps.cpu().policyLoss(cpuLogits, new PolicyLossInputs(hostTargets, hOld, hRef, hAdv, hMask, null),
            cfg, PolicyLossOutputs.none().withGradient(cpuGrad).withLoss(cpuLoss).withLogp(cpuLogp));
        try (DeviceBuffer dLogits = DeviceBuffer.copyOf(hostLogits);
            DeviceBuffer dTargets = DeviceBuffer.copyOf(hostTargets);
            DeviceBuffer dAdv = DeviceBuffer.copyOf(hAdv);
            DeviceBuffer dMask = DeviceBuffer.copyOf(hMask);
            DeviceBuffer dOld = DeviceBuffer.copyOf(hOld);
            DeviceBuffer dRef = DeviceBuffer.copyOf(hRef);
            DeviceBuffer dLoss = DeviceBuffer.allocate(4L * n);
            DeviceBuffer dLogp = DeviceBuffer.allocate(4L * n);
            DeviceBuffer dClip = DeviceBuffer.allocate(n)) {
          Logits gpuLogits = new Logits(dLogits.segment(), dtype, n, v, stride);
          KernelOps.cuda().policyLoss(gpuLogits, new PolicyLossInputs(dTargets.segment(), dOld.segment(),
              dRef.segment(), dAdv.segment(), dMask.segment(), null), cfg,
              PolicyLossOutputs.none().withGradient(dLogits.segment()).withLoss(dLoss.segment())
                  .withLogp(dLogp.segment()).withClipped(dClip.segment()), stream);
          stream.synchronize();
          MemorySegment clipped = Buffers.byteOut(arena, n);
          dClip.copyToHost(clipped);
          // both twins against the double reference with the validated tolerances of PolicyLossTest
          ReferenceKernels.LossOut r = ReferenceKernels.policyLoss(c.logits(), n, v, stride, c.targets(),
              old, ref, adv, mask, null, LossVariant.CLIP, 0.7, cfg.epsLow(), cfg.epsHigh(), cfg.beta(),
              Buffers.toBytes(clipped));
          Tolerances.assertClose("cuda logp", seed, fromDevice(dLogp, arena, n), r.logp(),
              Tolerances.FP32_RTOL, Tolerances.FP32_ATOL, r.slack());
          Tolerances.assertClose("cuda loss", seed, fromDevice(dLoss, arena, n), r.loss(),
              Tolerances.FP32_RTOL, Tolerances.FP32_ATOL, r.lossSlack());
          Tolerances.assertClose("cpu loss", seed, Buffers.toFloats(cpuLoss), r.loss(),
              Tolerances.FP32_RTOL, Tolerances.FP32_ATOL, r.lossSlack());
          Tolerances.assertClose("cpu logp", seed, Buffers.toFloats(cpuLogp), r.logp(),
              Tolerances.FP32_RTOL, Tolerances.FP32_ATOL, r.slack());
          MemorySegment gpuGrad = arena.allocate(hostLogits.byteSize(), 4);
          dLogits.copyToHost(gpuGrad);
          boolean bf16 = dtype == DType.BF16;
          double rtol = bf16 ? Tolerances.BF16_RTOL + Tolerances.FP32_RTOL : Tolerances.FP32_RTOL;
          double atol = bf16 ? Tolerances.BF16_ATOL : Tolerances.FP32_ATOL;
          Tolerances.assertClose("cuda gradient " + dtype, seed,
              PolicyLossTest.dense(gpuGrad, dtype, n, v, stride), r.grad(), rtol, atol, r.gradSlack());
          Tolerances.assertClose("cpu gradient " + dtype, seed,
              PolicyLossTest.dense(cpuGrad, dtype, n, v, stride), r.grad(), rtol, atol, r.gradSlack());
        }
      }
    }
  }

  @Test
  void advantagesAndNoiseMatchCpu() {
    long seed = 1234;
    Random rnd = new Random(seed);
    float[] rewards = RandomInputs.normals(rnd, 16 * 8, 1);
    float[] img = new float[100003];
    for (int i = 0; i < img.length; i++) {
      img[i] = rnd.nextFloat();
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment hr = Buffers.floats(arena, rewards);
      MemorySegment cpuAdv = Buffers.floatOut(arena, rewards.length);
      KernelOps.cpu().groupAdvantages(hr, 16, 8, AdvantageConfig.grpo(), cpuAdv, null, null, null);
      MemorySegment hi = Buffers.floats(arena, img);
      MemorySegment cpuImg = Buffers.floatOut(arena, img.length);
      NoiseConfig cfg = NoiseConfig.sigma(0.1f);
      KernelOps.cpu().imageNoise(hi, cpuImg, DType.F32, img.length, cfg, seed, 5);
      try (DeviceBuffer dr = DeviceBuffer.copyOf(hr); DeviceBuffer da = DeviceBuffer.allocate(hr.byteSize());
          DeviceBuffer di = DeviceBuffer.copyOf(hi)) {
        KernelOps.cuda().groupAdvantages(dr.segment(), 16, 8, AdvantageConfig.grpo(), da.segment(), null,
            null, null);
        KernelOps.cuda().imageNoise(di.segment(), di.segment(), DType.F32, img.length, cfg, seed, 5);
        Tolerances.assertClose("cuda advantages", seed, fromDevice(da, arena, rewards.length),
            Torch.toDoubles(Buffers.toFloats(cpuAdv)), Tolerances.ADV_RTOL, Tolerances.ADV_ATOL);
        Tolerances.assertClose("cuda noise", seed, fromDevice(di, arena, img.length),
            Torch.toDoubles(Buffers.toFloats(cpuImg)), 0, Tolerances.NOISE_ATOL);
      }
    }
  }

  @Test
  void streamsAndDeviceQueries() {
    BackendInfo info = Backends.describe();
    assertEquals(Backend.CUDA, Backends.select("cuda"));
    assertEquals(false, info.cudaDevices().isEmpty());
    try (CudaStream s = CudaStream.create()) {
      s.synchronize();
      assertEquals(true, s.handle() != 0L);
    }
    try (Arena arena = Arena.ofConfined(); DeviceBuffer b = DeviceBuffer.allocate(16)) {
      MemorySegment h = Buffers.floats(arena, new float[] {1, 2, 3, 4});
      b.copyFromHost(h);
      MemorySegment back = Buffers.floatOut(arena, 4);
      b.copyToHost(back);
      assertArrayEquals(new float[] {1, 2, 3, 4}, Buffers.toFloats(back));
    }
  }
}

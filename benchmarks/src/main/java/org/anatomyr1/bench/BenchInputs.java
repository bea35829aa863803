// Seeded inputs of one kernel benchmark: [N, V] logits and the per-token vectors of a GRPO step,
// built as LibTorch tensors so the kernel and the LibTorch baseline read the very same memory.
package org.anatomyr1.bench;

import java.util.SplittableRandom;
import org.anatomyr1.model.core.TensorOps;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

public final class BenchInputs {
  public static final float TEMPERATURE = 0.9f;

  public final KernelShape shape;
  public final Tensor logits; // [N, V] f32 | bf16
  public final Tensor targets; // [N] int64
  public final Tensor oldLogp; // [N] f32, near the current log-probs so ratios sit around 1
  public final Tensor refLogp; // [N] f32
  public final Tensor advantages; // [N] f32, both signs
  public final Tensor mask; // [N] f32, ~10% padding rows
  public final Tensor weights; // [N] f32, token-mean weights 1 / sum(mask)

  private BenchInputs(KernelShape shape, long seed) {
    this.shape = shape;
    SplittableRandom rng = new SplittableRandom(seed);
    int n = shape.n();
    int v = shape.v();
    long[] target = new long[n];
    float[] adv = new float[n];
    float[] m = new float[n];
    float[] noise = new float[n];
    float valid = 0;
    // temporaries die with the scope; the inputs we keep are detached from it
    try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
      Tensor f32 = torch.empty(n, v); // [N, V]
      FloatPointer rows = new FloatPointer(f32.data_ptr());
      float[] row = new float[v];
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < v; j++) row[j] = (float) (rng.nextDouble() * 8.0 - 4.0);
        target[r] = rng.nextInt(v);
        row[(int) target[r]] += 6f; // a confident-ish policy: the sampled token stands out
        rows.position((long) r * v).put(row, 0, v);
      }
      logits = keep(shape.dtype().equals("f32") ? f32 : f32.to(torch.ScalarType.BFloat16));
      targets = keep(torch.empty(n).to(torch.ScalarType.Long)); // [N] int64
      new LongPointer(targets.data_ptr()).put(target, 0, n);

      for (int r = 0; r < n; r++) {
        adv[r] = (float) (rng.nextDouble() * 2.0 - 1.0);
        m[r] = rng.nextInt(10) == 0 ? 0f : 1f;
        noise[r] = (float) (rng.nextGaussian() * 0.1);
        valid += m[r];
      }
      advantages = keep(vector(adv));
      mask = keep(vector(m));
      weights = keep(torch.full(new long[] {n}, new Scalar(1.0f / Math.max(1f, valid))));
      Tensor current = LibTorchBaselines.tokenLogprobs(logits, targets, TEMPERATURE).to(torch.ScalarType.Float);
      Tensor jitter = vector(noise);
      oldLogp = keep(current.add(jitter));
      refLogp = keep(current.sub(jitter));
    }
  }

  private static Tensor keep(Tensor t) {
    return TensorOps.keep(t); // outlives the scope, freed by GC
  }

  public static BenchInputs create(KernelShape shape, long seed) {
    return new BenchInputs(shape, seed);
  }

  private static Tensor vector(float[] values) {
    Tensor t = torch.empty(values.length);
    new FloatPointer(t.data_ptr()).put(values, 0, values.length);
    return t;
  }
}

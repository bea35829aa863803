// The fused loss gradient against LibTorch autograd of the same math composed from ops
// (log_softmax(z / tau) -> gather -> exp(logp - old) -> clamp -> min -> k3 -> weighted sum ->
// backward), clip and plain, fp32 and bf16 (the TRL recipe the kernel replaces).
package org.anatomyr1.kernels;

import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLossAutogradTest {

  @ParameterizedTest(name = "{0} {1} n={2} v={3} tau={4} beta={5}")
  @SuppressWarnings("try") // the PointerScope frees every LibTorch temporary of the test
  @CsvSource({
      "CLIP, F32, 24, 257, 1.0, 0.04", "CLIP, F32, 17, 1001, 0.7, 0.0", "PLAIN, F32, 24, 257, 0.7, 0.04",
      "PLAIN, F32, 9, 7, 1.0, 0.0", "CLIP, BF16, 16, 513, 1.0, 0.04", "PLAIN, BF16, 16, 129, 0.7, 0.04"})
  void gradientMatchesAutograd(LossVariant variant, DType dtype, int n, int v, float tau, float beta) {
    long seed = 31L * n + v + 7L * variant.ordinal() + 13L * dtype.ordinal();
    Random rnd = new Random(seed);
    RandomInputs.LogitsCase c = RandomInputs.logits(rnd, n, v, v, false);
    if (dtype == DType.BF16) {
      RandomInputs.toBf16(c.logits()); // both sides start from the same bf16-representable values
    }
    float[] adv = RandomInputs.advantages(rnd, n);
    float[] mask = RandomInputs.mask(rnd, n);
    float[] w = new float[n];
    float[] old = new float[n];
    float[] ref = new float[n];
    ReferenceKernels.TokenOut cur = ReferenceKernels.tokenLogprobs(c.logits(), n, v, v, c.targets(), tau);
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.1 + rnd.nextDouble());
      // ratios far from the clip boundaries: autograd's subgradient there is arbitrary
      double shift = rnd.nextBoolean() ? rnd.nextDouble() * 0.1 : 0.3 + rnd.nextDouble() * 0.5;
      old[i] = (float) (cur.logp()[i] + (rnd.nextBoolean() ? shift : -shift));
      ref[i] = (float) (cur.logp()[i] + rnd.nextGaussian() * 0.3);
    }
    PolicyLossConfig cfg = new PolicyLossConfig(variant, tau, 0.2f, 0.28f, beta);
    try (PointerScope scope = new PointerScope()) {
      Tensor targets = Torch.longs(c.targets(), n);
      Tensor a = Torch.floats(adv, n);
      Tensor m = Torch.floats(mask, n);
      Tensor wt = Torch.floats(w, n);
      Tensor o = Torch.floats(old, n);
      Tensor q = Torch.floats(ref, n);

      // autograd of the composed math, in fp32 from the (rounded) inputs
      Tensor z = Torch.floats(c.logits(), n, v).requires_grad_(true);
      Tensor lp = z.div(new Scalar(tau)).log_softmax(1).gather(1, targets.unsqueeze(1)).squeeze(1);
      Tensor surrogate;
      if (variant == LossVariant.CLIP) {
        Tensor r = lp.sub(o).exp();
        Tensor rc = r.clamp(new ScalarOptional(new Scalar(1 - cfg.epsLow())),
            new ScalarOptional(new Scalar(1 + cfg.epsHigh())));
        surrogate = r.mul(a).minimum(rc.mul(a)).neg();
      } else {
        surrogate = lp.mul(a).neg();
      }
      Tensor d = q.sub(lp);
      Tensor k3 = d.exp().sub(d).sub(new Scalar(1f));
      Tensor lossT = surrogate.add(k3.mul(new Scalar(beta)));
      Tensor total = lossT.mul(wt).mul(m).sum();
      total.backward();
      float[] expected = Torch.toFloats(z.grad());

      // the fused kernel through the LibTorch bridge, in place on a copy of the logits
      Tensor logits = Torch.floats(c.logits(), n, v);
      if (dtype == DType.BF16) {
        logits = logits.to(ScalarType.BFloat16);
      }
      PolicyLossResult res = TensorKernels.policyLoss(logits, targets, o, beta == 0 ? null : q, a, m, wt,
          cfg, GradientMode.IN_PLACE);
      float[] got = Torch.toFloats(res.gradient());
      boolean bf16 = dtype == DType.BF16;
      // autograd itself runs in fp32 (its own rounding ~ 1e-7 relative), hence fp32 tolerances
      Tolerances.assertClose("gradient vs autograd " + variant + " " + dtype, seed, got,
          Torch.toDoubles(expected), bf16 ? Tolerances.BF16_RTOL : Tolerances.FP32_RTOL,
          bf16 ? Tolerances.BF16_ATOL : Tolerances.FP32_ATOL);
      Tolerances.assertClose("loss vs autograd", seed, new float[] {res.loss().item_float()},
          new double[] {total.item_float()}, Tolerances.FP32_RTOL, Tolerances.FP32_ATOL);
      Tolerances.assertClose("logp vs log_softmax", seed, Torch.toFloats(res.logp()),
          Torch.toDoubles(Torch.toFloats(lp.detach())), Tolerances.FP32_RTOL, Tolerances.FP32_ATOL);
    }
  }
}

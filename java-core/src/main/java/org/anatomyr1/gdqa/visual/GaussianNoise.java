// psi: Gaussian pixel noise (sigma 0.02-0.05 of the range) computed by the native image-noise
// kernel (kernels.md section 4, Philox + Box-Muller, same result on CPU and CUDA) through
// TensorKernels on a uint8 LibTorch view of the pixels.
package org.anatomyr1.gdqa.visual;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.anatomyr1.data.ObjectBox;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.kernels.NoiseConfig;
import org.anatomyr1.kernels.TensorKernels;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class GaussianNoise implements VisualTransform {
  public static final String NAME = "noise";
  static final float MIN_SIGMA = 0.02f;
  static final float MAX_SIGMA = 0.05f;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Applied apply(RgbImage image, List<ObjectBox> boxes, SplittableRandom rng) {
    float sigma = MIN_SIGMA + (MAX_SIGMA - MIN_SIGMA) * (float) rng.nextDouble();
    long seed = rng.nextLong();
    return new Applied(noise(image, sigma, seed), boxes,
        String.format(Locale.ROOT, "noise(sigma=%.4f,seed=%d)", sigma, seed));
  }

  /** Null when the native kernel can run here, else why not (library missing, LibTorch absent). */
  public static String unavailableReason() {
    try {
      noise(new RgbImage(1, 1, new byte[3]), 0.01f, 1);
      return null;
    } catch (RuntimeException | LinkageError e) {
      return "the native image-noise kernel is unavailable: " + e.getMessage();
    }
  }

  /** y = round(clamp01(x / 255 + sigma e) * 255), e from the kernel's Philox stream for {@code seed}. */
  public static RgbImage noise(RgbImage image, float sigma, long seed) {
    byte[] px = image.data();
    try (Tensor t = HostTensors.bytes(px, ScalarType.Byte, px.length)) { // [H*W*3] u8
      TensorKernels.imageNoise(t, t, NoiseConfig.sigma(sigma), seed, 0); // in place
      return new RgbImage(image.height(), image.width(), HostTensors.rawBytes(t));
    }
  }
}

// psi: a slight Gaussian blur (sigma 0.4-1.0 px, separable, edge-clamped), like mild defocus; on OpenCV.
package org.anatomyr1.gdqa.visual;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.anatomyr1.data.ObjectBox;
import org.anatomyr1.image.RgbImage;

public final class SlightBlur implements VisualTransform {
  public static final String NAME = "blur";
  static final double MIN_SIGMA = 0.4;
  static final double MAX_SIGMA = 1.0;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Applied apply(RgbImage image, List<ObjectBox> boxes, SplittableRandom rng) {
    double sigma = MIN_SIGMA + (MAX_SIGMA - MIN_SIGMA) * rng.nextDouble();
    return new Applied(blur(image, sigma), boxes, String.format(Locale.ROOT, "blur(sigma=%.3f)", sigma));
  }

  /** OpenCV's GaussianBlur, kernel radius ceil(3 sigma), edges replicated (within 1 of {@link #blurReference}). */
  public static RgbImage blur(RgbImage image, double sigma) {
    return org.anatomyr1.image.OpenCvImageOps.gaussianBlur(image, sigma);
  }

  /** The plain-Java twin (double precision, round half up): the reference of the OpenCV path's tests. */
  public static RgbImage blurReference(RgbImage image, double sigma) {
    int r = Math.max(1, (int) Math.ceil(3 * sigma));
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
    for (int i = 0; i < k.length; i++) k[i] /= sum;
    int h = image.height();
    int w = image.width();
    float[] tmp = new float[h * w * 3]; // [H, W, 3] after the horizontal pass
    byte[] src = image.data();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double acc = 0;
          for (int i = -r; i <= r; i++) {
            int xx = Math.max(0, Math.min(w - 1, x + i));
            acc += k[i + r] * (src[(y * w + xx) * 3 + c] & 0xFF);
          }
          tmp[(y * w + x) * 3 + c] = (float) acc;
        }
      }
    }
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double acc = 0;
          for (int i = -r; i <= r; i++) {
            int yy = Math.max(0, Math.min(h - 1, y + i));
            acc += k[i + r] * tmp[(yy * w + x) * 3 + c];
          }
          dst[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, (int) Math.floor(acc + 0.5)));
        }
      }
    }
    return new RgbImage(h, w, dst);
  }
}

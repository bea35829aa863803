// psi: brightness, contrast and gamma jitter (each within +-10%), the mildest change of lighting
// an endoscope's auto-exposure produces; geometry is untouched.
package org.anatomyr1.gdqa.visual;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.anatomyr1.data.ObjectBox;
import org.anatomyr1.image.RgbImage;

public final class PhotometricJitter implements VisualTransform {
  public static final String NAME = "photometric";
  static final double MAX_BRIGHTNESS = 0.10;
  static final double MAX_CONTRAST = 0.10;
  static final double MAX_GAMMA = 0.10;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Applied apply(RgbImage image, List<ObjectBox> boxes, SplittableRandom rng) {
    double b = 1 + MAX_BRIGHTNESS * (2 * rng.nextDouble() - 1);
    double c = 1 + MAX_CONTRAST * (2 * rng.nextDouble() - 1);
    double g = 1 + MAX_GAMMA * (2 * rng.nextDouble() - 1);
    return new Applied(apply(image, b, c, g), boxes, String.format(Locale.ROOT, "photometric(b=%.3f,c=%.3f,g=%.3f)", b, c, g));
  }

  /** y = clamp(((x/255)^gamma * brightness - 0.5) * contrast + 0.5), through a 256-entry table. */
  public static RgbImage apply(RgbImage image, double brightness, double contrast, double gamma) {
    return org.anatomyr1.image.OpenCvImageOps.lookup(image, table(brightness, contrast, gamma));
  }

  /** The plain-Java twin of {@link #apply(RgbImage, double, double, double)} (exactly equal: one table). */
  public static RgbImage applyReference(RgbImage image, double brightness, double contrast, double gamma) {
    byte[] lut = table(brightness, contrast, gamma);
    byte[] src = image.data();
    byte[] dst = new byte[src.length];
    for (int i = 0; i < src.length; i++) dst[i] = lut[src[i] & 0xFF];
    return new RgbImage(image.height(), image.width(), dst);
  }

  private static byte[] table(double brightness, double contrast, double gamma) {
    byte[] lut = new byte[256];
    for (int v = 0; v < 256; v++) {
      double x = Math.pow(v / 255.0, gamma) * brightness;
      double y = (x - 0.5) * contrast + 0.5;
      lut[v] = (byte) Math.max(0, Math.min(255, (int) Math.floor(y * 255 + 0.5)));
    }
    return lut;
  }
}

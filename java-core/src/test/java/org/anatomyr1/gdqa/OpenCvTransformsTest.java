// The OpenCV paths of the GDQA visual transforms against their plain-Java twins on random images of
// odd sizes: translation and the photometric table exactly, the Gaussian blur within 1 grey level
// (OpenCV's 8-bit blur uses fixed-point kernel weights).
package org.anatomyr1.gdqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.anatomyr1.gdqa.visual.PhotometricJitter;
import org.anatomyr1.gdqa.visual.SafeTranslation;
import org.anatomyr1.gdqa.visual.SlightBlur;
import org.anatomyr1.image.RgbImage;
import org.junit.jupiter.api.Test;

class OpenCvTransformsTest {
  static final long SEED = 77;

  static RgbImage random(int h, int w, SplittableRandom rng) {
    byte[] d = new byte[h * w * 3];
    for (int i = 0; i < d.length; i++) d[i] = (byte) (rng.nextInt(10) == 0 ? (rng.nextBoolean() ? 255 : 0) : rng.nextInt(256));
    return new RgbImage(h, w, d);
  }

  @Test
  void openCvTransformsMatchTheirJavaTwins() {
    SplittableRandom rng = new SplittableRandom(SEED);
    int[][] sizes = {{1, 1}, {7, 13}, {31, 17}, {64, 48}};
    for (int[] s : sizes) {
      RgbImage img = random(s[0], s[1], rng);
      for (int[] d : new int[][] {{0, 0}, {3, -2}, {-5, 4}, {20, 20}}) {
        assertEquals(SafeTranslation.shiftReference(img, d[0], d[1]), SafeTranslation.shift(img, d[0], d[1]),
            "shift " + d[0] + "," + d[1] + " of " + s[0] + "x" + s[1] + ", seed " + SEED);
      }
      assertEquals(PhotometricJitter.applyReference(img, 1.07, 0.93, 1.04), PhotometricJitter.apply(img, 1.07, 0.93, 1.04),
          "seed " + SEED);
      for (double sigma : new double[] {0.4, 0.73, 1.0}) {
        byte[] a = SlightBlur.blur(img, sigma).data();
        byte[] b = SlightBlur.blurReference(img, sigma).data();
        int worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        assertTrue(worst <= 1, "blur sigma " + sigma + " of " + s[0] + "x" + s[1] + ": max diff " + worst + ", seed " + SEED);
      }
    }
  }
}

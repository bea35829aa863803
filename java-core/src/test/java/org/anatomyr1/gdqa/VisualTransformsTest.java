package org.anatomyr1.gdqa;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.ObjectBox;
import org.anatomyr1.gdqa.visual.GaussianNoise;
import org.anatomyr1.gdqa.visual.PhotometricJitter;
import org.anatomyr1.gdqa.visual.SafeTranslation;
import org.anatomyr1.gdqa.visual.SlightBlur;
import org.anatomyr1.gdqa.visual.VisualTransform;
import org.anatomyr1.gdqa.visual.VisualTransforms;
import org.anatomyr1.image.RgbImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class VisualTransformsTest {
  static final long SEED = 99;

  static RgbImage random(int h, int w, long seed) {
    byte[] b = new byte[h * w * 3];
    new SplittableRandom(seed).nextBytes(b);
    return new RgbImage(h, w, b);
  }

  @Test
  void photometricNeutralSettingsAreIdentityAndJitterIsMild() {
    RgbImage img = random(17, 23, SEED);
    assertEquals(img, PhotometricJitter.apply(img, 1, 1, 1));
    RgbImage j = new PhotometricJitter().apply(img, List.of(), new SplittableRandom(SEED)).image();
    int maxDiff = 0;
    for (int i = 0; i < img.data().length; i++) maxDiff = Math.max(maxDiff, Math.abs((img.data()[i] & 0xFF) - (j.data()[i] & 0xFF)));
    assertTrue(maxDiff > 0 && maxDiff <= 60, "seed " + SEED + ": max change " + maxDiff);
  }

  @Test
  void blurKeepsConstantImagesAndSmoothsAnEdge() {
    RgbImage flat = new RgbImage(5, 7, filled(5 * 7 * 3, 77));
    assertEquals(flat, SlightBlur.blur(flat, 0.8));
    RgbImage edge = RgbImage.blank(1, 10);
    for (int x = 5; x < 10; x++) edge.set(0, x, 200, 200, 200);
    RgbImage b = SlightBlur.blur(edge, 1.0);
    assertTrue(b.get(0, 4, 0) > 0 && b.get(0, 5, 0) < 200, "edge softened");
    assertEquals(0, b.get(0, 0, 0));
    assertEquals(200, b.get(0, 9, 0));
  }

  @Test
  void translationMovesContentAndKeepsEveryBoxInFrame() {
    RgbImage img = random(160, 160, SEED);
    RgbImage s = SafeTranslation.shift(img, 3, -2);
    assertEquals(img.get(50, 40, 1), s.get(48, 43, 1), "out(y, x) = in(y - dy, x - dx)");
    assertEquals(img, SafeTranslation.shift(img, 0, 0));
    SplittableRandom rng = new SplittableRandom(SEED);
    SafeTranslation t = new SafeTranslation();
    for (int trial = 0; trial < 500; trial++) {
      List<ObjectBox> boxes = new ArrayList<>();
      for (int i = 0; i < 1 + rng.nextInt(4); i++) {
        int x0 = rng.nextInt(150);
        int y0 = rng.nextInt(150);
        boxes.add(new ObjectBox("o" + i, x0, y0, x0 + 1 + rng.nextInt(160 - x0), y0 + 1 + rng.nextInt(160 - y0)));
      }
      VisualTransform.Applied a = t.apply(img, boxes, rng);
      for (int i = 0; i < boxes.size(); i++) {
        ObjectBox b = a.boxes().get(i);
        assertTrue(b.x0() >= 0 && b.y0() >= 0 && b.x1() <= 160 && b.y1() <= 160, "seed " + SEED + " trial " + trial + ": " + b);
        assertTrue(Math.abs(b.x0() - boxes.get(i).x0()) <= 4, "at most 3% of 160 px");
      }
    }
    // without boxes: at most 2% of the side
    for (int trial = 0; trial < 100; trial++) {
      String d = t.apply(img, List.of(), rng).description();
      String[] xy = d.substring(6, d.length() - 1).split(",");
      assertTrue(Math.abs(Integer.parseInt(xy[0])) <= 3 && Math.abs(Integer.parseInt(xy[1])) <= 3, d);
    }
  }

  @Test
  void registryHasNoFlipsOrRotations() {
    assertEquals(List.of("blur", "noise", "photometric", "shift"), VisualTransforms.names());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VisualTransforms.get("hflip"));
    assertTrue(e.getMessage().contains("valid: blur, noise, photometric, shift"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VisualTransforms.register(new SlightBlur()));
  }

  /** Noise through the native kernel: deterministic per seed, zero-mean, sigma as asked. */
  @Test
  void gaussianNoiseThroughTheKernel() {
    String why = GaussianNoise.unavailableReason();
    Assumptions.assumeTrue(why == null, "skipping: " + why);
    RgbImage grey = new RgbImage(64, 64, filled(64 * 64 * 3, 128));
    RgbImage a = GaussianNoise.noise(grey, 0.05f, SEED);
    assertEquals(a, GaussianNoise.noise(grey, 0.05f, SEED), "same seed, same pixels");
    assertNotEquals(a, GaussianNoise.noise(grey, 0.05f, SEED + 1));
    double sum = 0;
    double sq = 0;
    int n = a.data().length;
    for (byte v : a.data()) {
      double d = (v & 0xFF) - 128;
      sum += d;
      sq += d * d;
    }
    double mean = sum / n;
    double std = Math.sqrt(sq / n - mean * mean);
    // sigma 0.05 -> 12.75 levels; n = 12288: the mean's sd is ~0.12 levels
    assertTrue(Math.abs(mean) < 0.8, "mean shift " + mean);
    assertTrue(Math.abs(std - 12.75) < 0.6, "std " + std);
  }

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }
}

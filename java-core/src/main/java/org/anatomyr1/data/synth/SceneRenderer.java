// Renders a scene graph as an endoscopy-like frame: reddish tissue with low-frequency folds,
// anatomy blobs with class-specific colour and stripe texture, grey instrument shafts with a
// specular line, a dark vignette and fine speckle. Pure Java, StrictMath: byte-identical reruns.
package org.anatomyr1.data.synth;

import org.anatomyr1.image.RgbImage;

public final class SceneRenderer {
  private SceneRenderer() {}

  private static final double[] TISSUE = {128, 44, 48}; // background RGB

  /** @param seed drives the background folds and speckle (the scene's own seed) */
  public static RgbImage render(Scene scene, long seed) {
    int n = scene.size();
    float[] px = new float[n * n * 3]; // [H, W, 3] in 0..255
    background(px, n, seed);
    for (SceneObject o : scene.objects()) {
      if (o.isAnatomy()) drawAnatomy(px, n, o);
      else drawInstrument(px, n, o);
    }
    finish(px, n, seed);
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, (int) Math.floor(px[i] + 0.5f)));
    }
    return new RgbImage(n, n, out);
  }

  private static void background(float[] px, int n, long seed) {
    double p1 = phase(seed, 1);
    double p2 = phase(seed, 2);
    double p3 = phase(seed, 3);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        double u = x / (double) n;
        double v = y / (double) n;
        // tissue folds: a few slow sinusoids
        double folds = 0.10 * StrictMath.sin(2 * Math.PI * (1.3 * u + 0.7 * v) + p1)
            + 0.07 * StrictMath.sin(2 * Math.PI * (2.1 * u - 1.6 * v) + p2)
            + 0.05 * StrictMath.sin(2 * Math.PI * (3.7 * v) + p3);
        int o = (y * n + x) * 3;
        for (int c = 0; c < 3; c++) px[o + c] = (float) (TISSUE[c] * (1 + folds));
      }
    }
  }

  /** Radius multiplier of the wobbly outline at angle {@code t}: 1 +- 0.23 at most. */
  static double outline(SceneObject o, double t) {
    return 1 + 0.15 * StrictMath.sin(3 * t + o.phase()[0]) + 0.08 * StrictMath.sin(5 * t + o.phase()[1]);
  }

  private static void drawAnatomy(float[] px, int n, SceneObject o) {
    AnatomyClass c = o.anatomy();
    int[] base = c.baseRgb();
    double freq = 2 * Math.PI * c.textureFrequency();
    double ca = StrictMath.cos(c.textureAngle());
    double sa = StrictMath.sin(c.textureAngle());
    double amp = c.textureAmplitude();
    var b = o.box();
    for (int y = b.y0(); y < b.y1(); y++) {
      for (int x = b.x0(); x < b.x1(); x++) {
        double dx = (x + 0.5 - o.cx()) / o.rx();
        double dy = (y + 0.5 - o.cy()) / o.ry();
        double r = StrictMath.sqrt(dx * dx + dy * dy);
        double d = r / outline(o, StrictMath.atan2(dy, dx)); // < 1 inside
        if (d >= 1.05) continue;
        double alpha = Math.min(1, Math.max(0, (1.05 - d) * 10)); // soft 5% edge
        double stripes = amp * StrictMath.sin(freq * (x * ca + y * sa) + o.phase()[2]);
        double shade = 1.08 - 0.30 * d * d; // dome-like lighting
        int p = (y * n + x) * 3;
        for (int k = 0; k < 3; k++) {
          double v = base[k] * shade * (1 + stripes);
          px[p + k] = (float) ((1 - alpha) * px[p + k] + alpha * v);
        }
      }
    }
  }

  private static void drawInstrument(float[] px, int n, SceneObject o) {
    double ax = o.x0();
    double ay = o.y0();
    double bx = o.cx();
    double by = o.cy();
    double len2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay);
    double half = o.rx();
    var b = o.box();
    for (int y = b.y0(); y < b.y1(); y++) {
      for (int x = b.x0(); x < b.x1(); x++) {
        double t = len2 == 0 ? 0 : ((x + 0.5 - ax) * (bx - ax) + (y + 0.5 - ay) * (by - ay)) / len2;
        t = Math.max(0, Math.min(1, t));
        double qx = ax + t * (bx - ax);
        double qy = ay + t * (by - ay);
        double dist = Math.hypot(x + 0.5 - qx, y + 0.5 - qy) / half; // 0 on the axis, 1 at the edge
        if (dist >= 1) continue;
        // metallic: bright specular line near the axis, darker towards the edges
        double grey = 150 + 80 * StrictMath.exp(-dist * dist * 8) - 50 * dist * dist;
        double alpha = Math.min(1, (1 - dist) * 4);
        int p = (y * n + x) * 3;
        px[p] = (float) ((1 - alpha) * px[p] + alpha * grey);
        px[p + 1] = (float) ((1 - alpha) * px[p + 1] + alpha * (grey + 2));
        px[p + 2] = (float) ((1 - alpha) * px[p + 2] + alpha * (grey + 8));
      }
    }
  }

  /** Vignette of the round endoscope optics and sensor speckle. */
  private static void finish(float[] px, int n, long seed) {
    double c = n / 2.0;
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        double r = Math.hypot(x + 0.5 - c, y + 0.5 - c) / (c * Math.sqrt(2));
        double vignette = 1 - 0.65 * r * r;
        int p = (y * n + x) * 3;
        double speckle = 6 * (unit(seed, y * n + x) - 0.5);
        for (int k = 0; k < 3; k++) px[p + k] = (float) (px[p + k] * vignette + speckle);
      }
    }
  }

  private static double phase(long seed, int k) {
    return 2 * Math.PI * unit(seed, -k);
  }

  /** Hash of (seed, i) to [0, 1): a stateless SplitMix64 finaliser. */
  static double unit(long seed, long i) {
    long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }
}

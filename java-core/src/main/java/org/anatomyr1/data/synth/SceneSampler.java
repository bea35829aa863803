// Draws a random scene graph: 3-5 distinct anatomy classes as wobbly ellipses with well separated
// centres, and 1-2 instrument shafts entering from the border.
package org.anatomyr1.data.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.ObjectBox;
import org.anatomyr1.data.SeededShuffle;

public final class SceneSampler {
  private SceneSampler() {}

  /** Minimum distance between anatomy centres, as a fraction of the frame. */
  static final double MIN_CENTRE_DISTANCE = 0.22;

  public static Scene sample(int index, int size, SplittableRandom rng) {
    List<AnatomyClass> classes = new ArrayList<>(Arrays.asList(AnatomyClass.values()));
    shuffle(classes, rng);
    int count = 3 + rng.nextInt(3);
    List<SceneObject> objects = new ArrayList<>();
    for (AnatomyClass c : classes) {
      if (objects.size() == count) break;
      for (int attempt = 0; attempt < 30; attempt++) {
        double cx = size * (0.15 + 0.7 * rng.nextDouble());
        double cy = size * (0.15 + 0.7 * rng.nextDouble());
        if (tooClose(objects, cx, cy, size)) continue;
        double rx = size * (0.10 + 0.10 * rng.nextDouble());
        double ry = size * (0.08 + 0.10 * rng.nextDouble());
        double[] phase = {rng.nextDouble() * 2 * Math.PI, rng.nextDouble() * 2 * Math.PI,
            rng.nextDouble() * 2 * Math.PI};
        // the wobble adds at most 23% to the radius (SceneRenderer.outline)
        ObjectBox box = clippedBox(c.displayName(), cx - 1.23 * rx, cy - 1.23 * ry,
            cx + 1.23 * rx, cy + 1.23 * ry, size);
        objects.add(new SceneObject(c, null, cx, cy, rx, ry, 0, 0, phase, box));
        break;
      }
    }
    addInstruments(objects, size, rng);
    return new Scene(index, size, objects);
  }

  /**
   * A scene with one anatomy blob of a uniformly drawn class, large and near the centre (it fills
   * about a fifth to a third of the frame), plus 1-2 instrument shafts: the frame of IDENTIFY.
   */
  public static Scene sampleSingle(int index, int size, SplittableRandom rng) {
    AnatomyClass[] all = AnatomyClass.values();
    AnatomyClass c = all[rng.nextInt(all.length)];
    double cx = size * (0.38 + 0.24 * rng.nextDouble());
    double cy = size * (0.38 + 0.24 * rng.nextDouble());
    double rx = size * (0.20 + 0.08 * rng.nextDouble());
    double ry = size * (0.18 + 0.08 * rng.nextDouble());
    double[] phase = {rng.nextDouble() * 2 * Math.PI, rng.nextDouble() * 2 * Math.PI, rng.nextDouble() * 2 * Math.PI};
    ObjectBox box = clippedBox(c.displayName(), cx - 1.23 * rx, cy - 1.23 * ry, cx + 1.23 * rx, cy + 1.23 * ry, size);
    List<SceneObject> objects = new ArrayList<>();
    objects.add(new SceneObject(c, null, cx, cy, rx, ry, 0, 0, phase, box));
    addInstruments(objects, size, rng);
    return new Scene(index, size, objects);
  }

  /** 1-2 distinct instrument shafts from a border point to a tip inside the frame. */
  private static void addInstruments(List<SceneObject> objects, int size, SplittableRandom rng) {
    int tools = 1 + rng.nextInt(2);
    Instrument[] all = Instrument.values();
    List<Instrument> used = new ArrayList<>();
    for (int t = 0; t < tools; t++) {
      Instrument ins = all[rng.nextInt(all.length)];
      if (used.contains(ins)) continue;
      used.add(ins);
      // shaft from a point on the bottom/side border to a tip inside the frame
      double side = rng.nextDouble();
      double x0 = side < 0.5 ? size * (0.5 + side) : (side < 0.75 ? 0 : size - 1);
      double y0 = side < 0.5 ? size - 1 : size * (0.4 + 0.6 * rng.nextDouble());
      double tx = size * (0.25 + 0.5 * rng.nextDouble());
      double ty = size * (0.25 + 0.5 * rng.nextDouble());
      double half = size * (0.025 + 0.015 * rng.nextDouble());
      ObjectBox box = clippedBox(ins.mention(), Math.min(x0, tx) - half, Math.min(y0, ty) - half,
          Math.max(x0, tx) + half, Math.max(y0, ty) + half, size);
      objects.add(new SceneObject(null, ins, tx, ty, half, 0, x0, y0,
          new double[] {rng.nextDouble()}, box));
    }
  }

  private static boolean tooClose(List<SceneObject> objs, double cx, double cy, int size) {
    for (SceneObject o : objs) {
      if (Math.hypot(o.cx() - cx, o.cy() - cy) < MIN_CENTRE_DISTANCE * size) return true;
    }
    return false;
  }

  private static ObjectBox clippedBox(String label, double x0, double y0, double x1, double y1, int size) {
    int a = (int) Math.max(0, Math.floor(x0));
    int b = (int) Math.max(0, Math.floor(y0));
    int c = (int) Math.min(size, Math.ceil(x1));
    int d = (int) Math.min(size, Math.ceil(y1));
    return new ObjectBox(label, a, b, Math.max(c, a + 1), Math.max(d, b + 1));
  }

  static <T> void shuffle(List<T> list, SplittableRandom rng) {
    SeededShuffle.shuffle(list, rng::nextInt);
  }
}

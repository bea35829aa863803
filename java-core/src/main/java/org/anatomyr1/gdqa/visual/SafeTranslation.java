// psi: a small translation that keeps every object in frame. With object boxes the shift is
// limited so that no box leaves (or moves further out of) the frame; without boxes a conservative
// 2% of the side is the maximum. Uncovered borders repeat the edge pixels (no new content).
package org.anatomyr1.gdqa.visual;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.ObjectBox;
import org.anatomyr1.image.RgbImage;

public final class SafeTranslation implements VisualTransform {
  public static final String NAME = "shift";
  /**
   * Maximum shift as a fraction of the shorter side. Kept below the synthetic generator's margin
   * of a position target from the 3x3 grid lines (QuestionEngine.POSITION_MARGIN, 4%), so a
   * "top-left" answer stays "top-left".
   */
  static final double MAX_FRACTION_WITH_BOXES = 0.03;
  /** Without boxes, objects near a border or a grid line could be affected: shift less. */
  static final double MAX_FRACTION_WITHOUT_BOXES = 0.02;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Applied apply(RgbImage image, List<ObjectBox> boxes, SplittableRandom rng) {
    int h = image.height();
    int w = image.width();
    double frac = boxes.isEmpty() ? MAX_FRACTION_WITHOUT_BOXES : MAX_FRACTION_WITH_BOXES;
    int max = (int) Math.floor(frac * Math.min(h, w));
    int loX = -max;
    int hiX = max;
    int loY = -max;
    int hiY = max;
    for (ObjectBox b : boxes) {
      // a box may move up to the frame edge, never across it
      loX = Math.max(loX, -b.x0());
      hiX = Math.min(hiX, w - b.x1());
      loY = Math.max(loY, -b.y0());
      hiY = Math.min(hiY, h - b.y1());
    }
    int dx = loX > hiX ? 0 : loX + rng.nextInt(hiX - loX + 1);
    int dy = loY > hiY ? 0 : loY + rng.nextInt(hiY - loY + 1);
    List<ObjectBox> moved = new ArrayList<>(boxes.size());
    for (ObjectBox b : boxes) moved.add(b.shifted(dx, dy));
    return new Applied(shift(image, dx, dy), moved, "shift(" + dx + "," + dy + ")");
  }

  /** out(y, x) = in(clamp(y - dy), clamp(x - dx)), on OpenCV (border replication + crop). */
  public static RgbImage shift(RgbImage image, int dx, int dy) {
    return org.anatomyr1.image.OpenCvImageOps.translate(image, dx, dy);
  }

  /** The plain-Java twin of {@link #shift} (exactly equal: a whole-pixel copy). */
  public static RgbImage shiftReference(RgbImage image, int dx, int dy) {
    int h = image.height();
    int w = image.width();
    byte[] src = image.data();
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      int sy = Math.max(0, Math.min(h - 1, y - dy));
      for (int x = 0; x < w; x++) {
        int sx = Math.max(0, Math.min(w - 1, x - dx));
        System.arraycopy(src, (sy * w + sx) * 3, dst, (y * w + x) * 3, 3);
      }
    }
    return new RgbImage(h, w, dst);
  }
}

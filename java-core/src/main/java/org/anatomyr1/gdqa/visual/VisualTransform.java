// A GDQA visual transform psi (Anatomy-R1, GDQA): semantics-preserving image changes only, so
// no flips or rotations (they would change left/right/top/bottom answers).
package org.anatomyr1.gdqa.visual;

import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.ObjectBox;
import org.anatomyr1.image.RgbImage;

public interface VisualTransform {
  /** Registry name. */
  String name();

  /** The transformed image, the object boxes moved with it, and the drawn parameters. */
  Applied apply(RgbImage image, List<ObjectBox> boxes, SplittableRandom rng);

  /** @param description parameters as drawn, e.g. "shift(3,-2)", recorded in provenance */
  record Applied(RgbImage image, List<ObjectBox> boxes, String description) {}
}

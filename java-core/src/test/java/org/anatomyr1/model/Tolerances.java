// Parity tolerances of the golden data (shared/golden/README.md, meta.json "tolerances_fp32"), in
// one place. Relative error = max|got - ref| / max|ref|, as the goldens define it.
package org.anatomyr1.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public final class Tolerances {
  private Tolerances() {}

  public static final double PIXEL_VALUES_MAX_ABS = 1e-6;
  public static final double VISION_REL = 1e-5;
  public static final double LOGITS_REL = 2e-5;

  public static double relMaxError(float[] got, float[] ref) {
    assertEquals(ref.length, got.length, "length");
    double maxDiff = 0, maxRef = 0;
    for (int i = 0; i < ref.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((double) got[i] - ref[i]));
      if (Double.isNaN(got[i])) maxDiff = Double.POSITIVE_INFINITY;
      maxRef = Math.max(maxRef, Math.abs(ref[i]));
    }
    return maxDiff / maxRef;
  }

  public static double maxAbsError(float[] got, float[] ref) {
    assertEquals(ref.length, got.length, "length");
    double m = 0;
    for (int i = 0; i < ref.length; i++) {
      double d = Math.abs((double) got[i] - ref[i]);
      m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(m, d);
    }
    return m;
  }

  public static void assertRel(String what, float[] got, float[] ref, double tol) {
    double rel = relMaxError(got, ref);
    System.out.printf("parity %-28s rel max error %.3e (tolerance %.0e)%n", what, rel, tol);
    assertTrue(rel <= tol, what + ": relative error " + rel + " > " + tol);
  }
}

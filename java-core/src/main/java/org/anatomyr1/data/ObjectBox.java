// An axis-aligned object box in pixel coordinates of a sample's image (synthetic scenes carry
// them so that GDQA's crops/translations can prove every object stays in frame).
package org.anatomyr1.data;

/** Box [x0, x1) x [y0, y1) in pixels; {@code label} is the object's class name. */
public record ObjectBox(String label, int x0, int y0, int x1, int y1) {
  public ObjectBox {
    if (label == null || label.isBlank()) throw new IllegalArgumentException("object box: empty label");
    if (x1 <= x0 || y1 <= y0) {
      throw new IllegalArgumentException("object box '" + label + "': empty extent [" + x0 + "," + x1
          + ") x [" + y0 + "," + y1 + ")");
    }
  }

  public ObjectBox shifted(int dx, int dy) {
    return new ObjectBox(label, x0 + dx, y0 + dy, x1 + dx, y1 + dy);
  }
}

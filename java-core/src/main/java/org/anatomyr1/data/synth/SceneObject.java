// One object of a synthetic scene graph: an anatomy blob or an instrument shaft, with the
// geometry the renderer draws and the attributes the question engine reasons over.
package org.anatomyr1.data.synth;

import org.anatomyr1.data.ObjectBox;

/**
 * @param anatomy    the class for anatomy objects, null for instruments
 * @param instrument the tool for instrument objects, null for anatomies
 * @param cx         centre x in pixels (ellipse centre; the shaft's tip for instruments)
 * @param cy         centre y in pixels
 * @param rx         ellipse radius x (anatomy) or shaft half-width (instrument)
 * @param ry         ellipse radius y (anatomy) or unused (instrument)
 * @param x0         start of an instrument shaft on the border (unused for anatomy)
 * @param phase      random phases of the outline wobble and texture
 * @param box        bounding box, clipped to the frame
 */
public record SceneObject(AnatomyClass anatomy, Instrument instrument, double cx, double cy,
                          double rx, double ry, double x0, double y0, double[] phase, ObjectBox box) {

  public boolean isAnatomy() {
    return anatomy != null;
  }

  /**
   * Reference point for spatial relations: the ellipse centre of an anatomy, the box centre of an
   * instrument (its shaft spans the frame, so its tip alone would make "left of the hook" odd).
   */
  public double refX() {
    return isAnatomy() ? cx : (box.x0() + box.x1()) / 2.0;
  }

  public double refY() {
    return isAnatomy() ? cy : (box.y0() + box.y1()) / 2.0;
  }

  public String label() {
    return isAnatomy() ? anatomy.displayName() : instrument.mention();
  }

  /** Colour word as questions use it ("grey" for every instrument). */
  public String colourWord() {
    return isAnatomy() ? anatomy.colourWord() : "grey";
  }

  /** 3 x 3 frame position of the centre: "top-left", "top-mid", ..., "center", ..., "bottom-right". */
  public String position(int size) {
    int col = Math.min(2, (int) (3 * cx / size));
    int row = Math.min(2, (int) (3 * cy / size));
    String[] rows = {"top", "mid", "bottom"};
    String[] cols = {"left", "mid", "right"};
    if (row == 1 && col == 1) return "center";
    return rows[row] + "-" + cols[col];
  }
}

// Spatial relations of SSG-VQA scene graphs (left, right, above, below) decided from object
// reference points (SceneObject.refX/refY) with a margin, so that a relation named in a
// question is unambiguous in the picture.
package org.anatomyr1.data.synth;

public enum Relation {
  LEFT("on the left side of"),
  RIGHT("on the right side of"),
  ABOVE("above"),
  BELOW("below");

  /** Centres must differ by at least this fraction of the frame for a relation to hold. */
  static final double MARGIN = 0.12;

  private final String phrase;

  Relation(String phrase) {
    this.phrase = phrase;
  }

  public String phrase() {
    return phrase;
  }

  /** Does {@code a} stand in this relation to {@code b}? */
  public boolean holds(SceneObject a, SceneObject b, int size) {
    double m = MARGIN * size;
    return switch (this) {
      case LEFT -> a.refX() < b.refX() - m;
      case RIGHT -> a.refX() > b.refX() + m;
      case ABOVE -> a.refY() < b.refY() - m;
      case BELOW -> a.refY() > b.refY() + m;
    };
  }
}

// The anatomy classes of the synthetic scenes: the six of the reference data (data_eval.md
// section 6) plus the cystic duct, with SSG-VQA's colour words and a hand-set "semantic layout"
// that drives appearance, so that semantically closer classes also look more alike.
package org.anatomyr1.data.synth;

public enum AnatomyClass {
  // name, SSG-VQA colour word, semantic layout (u, v).
  // The layout mirrors the ordering of bge-small-en-v1.5 similarities (data_eval.md section 4):
  // Liver-Gallbladder and Liver-Gut closest, Omentum and Cystic Plate farthest from the rest.
  LIVER("Liver", "brown", -0.30, 0.25),
  GALLBLADDER("Gallbladder", "white", 0.05, 0.10),
  GUT("Gut", "red", -0.35, -0.30),
  OMENTUM("Omentum", "yellow", 0.10, -0.85),
  ABDOMINAL_WALL_CAVITY("Abdominal Wall Cavity", "red", 0.45, -0.25),
  CYSTIC_PLATE("Cystic Plate", "red", 0.70, 0.55),
  CYSTIC_DUCT("Cystic Duct", "white", 0.35, 0.30);

  private final String displayName;
  private final String colourWord;
  private final double u;
  private final double v;

  AnatomyClass(String displayName, String colourWord, double u, double v) {
    this.displayName = displayName;
    this.colourWord = colourWord;
    this.u = u;
    this.v = v;
  }

  /** Option text, e.g. "Abdominal Wall Cavity". */
  public String displayName() {
    return displayName;
  }

  /** How questions refer to it inside a sentence (SSG-VQA style lower case): "abdominal wall cavity". */
  public String mention() {
    return displayName.toLowerCase(java.util.Locale.ROOT);
  }

  public String colourWord() {
    return colourWord;
  }

  /** Distance in the semantic layout; appearance differences grow with it. */
  public double layoutDistance(AnatomyClass o) {
    return Math.hypot(u - o.u, v - o.v);
  }

  /**
   * Base colour: the colour word's anchor blended with the anchors of semantically close classes
   * (weight NEIGHBOUR_PULL * exp(-layout distance / NEIGHBOUR_SCALE) each), so that closer classes
   * also look more alike in colour while each keeps its colour word's hue.
   */
  public int[] baseRgb() {
    double[] acc = new double[3];
    double total = 0;
    for (AnatomyClass o : values()) {
      double w = o == this ? 1 : NEIGHBOUR_PULL * Math.exp(-layoutDistance(o) / NEIGHBOUR_SCALE);
      int[] a = ColourWords.anchor(o.colourWord);
      for (int c = 0; c < 3; c++) acc[c] += w * a[c];
      total += w;
    }
    return new int[] {clamp((int) Math.round(acc[0] / total)), clamp((int) Math.round(acc[1] / total)),
        clamp((int) Math.round(acc[2] / total))};
  }

  static final double NEIGHBOUR_PULL = 0.6;
  static final double NEIGHBOUR_SCALE = 0.25;

  /** Texture stripe frequency (cycles per pixel): closer classes get closer frequencies. */
  public double textureFrequency() {
    return 0.10 + 0.08 * (u + 1) / 2;
  }

  /** Texture orientation in radians, from the layout's second axis. */
  public double textureAngle() {
    return Math.PI * (v + 1) / 2;
  }

  /** Texture contrast (fraction of brightness). */
  public double textureAmplitude() {
    return 0.06 + 0.05 * Math.abs(u - v) / 2;
  }

  private static int clamp(int x) {
    return Math.max(0, Math.min(255, x));
  }
}

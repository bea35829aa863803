// The colour vocabulary of synthetic questions and the RGB anchor each word is rendered with.
package org.anatomyr1.data.synth;

import java.util.List;

public final class ColourWords {
  private ColourWords() {}

  /** Answer vocabulary of colour questions (more than the classes use, so 4 options always exist). */
  public static final List<String> VOCABULARY = List.of("red", "brown", "yellow", "white", "pink", "grey");

  public static int[] anchor(String word) {
    return switch (word) {
      case "red" -> new int[] {178, 58, 52};
      case "brown" -> new int[] {112, 62, 38};
      case "yellow" -> new int[] {214, 186, 92};
      case "white" -> new int[] {222, 214, 196};
      case "pink" -> new int[] {222, 150, 160};
      case "grey" -> new int[] {160, 162, 168};
      default -> throw new IllegalArgumentException("unknown colour word '" + word + "'; valid: " + VOCABULARY);
    };
  }
}

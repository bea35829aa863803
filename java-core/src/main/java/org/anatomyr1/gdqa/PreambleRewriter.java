// GDQA rewrite: a short instruction/context lead-in before the question ("Looking at this
// laparoscopic frame, ..."), the generic "preamble variant"; the question itself is unchanged.
package org.anatomyr1.gdqa;

import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.VqaSample;

public final class PreambleRewriter implements TextRewriter {
  public static final String NAME = "preamble";

  /** Lead-ins that add context but no content a question could depend on. */
  static final List<String> LEAD_INS = List.of(
      "Look at the laparoscopic image carefully.",
      "This is a frame from a laparoscopic cholecystectomy.",
      "Examine the surgical scene.",
      "Based on the endoscopic view:",
      "Answer using only what is visible in the image.");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VqaSample rewrite(VqaSample s, SplittableRandom rng) {
    String lead = LEAD_INS.get(rng.nextInt(LEAD_INS.size()));
    return s.withQuestion(lead + " " + s.question());
  }

  /** The rewrite is exactly one known lead-in, a space, and the original question. */
  @Override
  public boolean keepsMeaning(String before, String after) {
    for (String lead : LEAD_INS) if (after.equals(lead + " " + before)) return true;
    return false;
  }
}

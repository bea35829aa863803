// GDQA rewrite: a short instruction/context lead-in before the question ("Looking at this
// image, ..."), the generic "preamble variant"; the question itself is unchanged. Modality-neutral
// by default; surgical lead-ins only for items whose source says they are laparoscopic.
package org.anatomyr1.gdqa;

import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.VqaSample;

public final class PreambleRewriter implements TextRewriter {
  public static final String NAME = "preamble";

  /** Modality-neutral lead-ins (the default): context but no content a question could depend on. */
  static final List<String> LEAD_INS = List.of(
      "Look at the image carefully.",
      "Examine the image.",
      "Based on the image:",
      "Answer using only what is visible in the image.");

  /**
   * Lead-ins for data that says it is laparoscopic surgery (source synth / ssg-vqa / cholec*):
   * used only there, so that CT, MRI or X-ray items are never called a laparoscopic frame.
   */
  static final List<String> LAPAROSCOPIC_LEAD_INS = List.of(
      "Look at the laparoscopic image carefully.",
      "This is a frame from a laparoscopic cholecystectomy.",
      "Examine the surgical scene.",
      "Based on the endoscopic view:");

  /** The lead-ins an item may get: laparoscopic ones only where its source names such data. */
  static List<String> leadIns(VqaSample s) {
    String src = s.source() == null ? "" : s.source().toLowerCase(java.util.Locale.ROOT);
    boolean laparoscopic = src.startsWith("synth") || src.contains("ssg") || src.contains("cholec");
    if (!laparoscopic) return LEAD_INS;
    List<String> all = new java.util.ArrayList<>(LEAD_INS);
    all.addAll(LAPAROSCOPIC_LEAD_INS);
    return all;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> phrases() {
    List<String> all = new java.util.ArrayList<>(LEAD_INS);
    all.addAll(LAPAROSCOPIC_LEAD_INS);
    return all;
  }

  @Override
  public VqaSample rewrite(VqaSample s, SplittableRandom rng) {
    List<String> leads = leadIns(s);
    String lead = leads.get(rng.nextInt(leads.size()));
    return s.withQuestion(lead + " " + s.question());
  }

  /** The rewrite is exactly one known lead-in, a space, and the original question. */
  @Override
  public boolean keepsMeaning(String before, String after) {
    for (String lead : LEAD_INS) if (after.equals(lead + " " + before)) return true;
    for (String lead : LAPAROSCOPIC_LEAD_INS) if (after.equals(lead + " " + before)) return true;
    return false;
  }
}

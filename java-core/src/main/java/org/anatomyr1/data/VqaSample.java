// One multiple-choice medical VQA item in the canonical form (ARCHITECTURE.md "Canonical dataset");
// every reader converts into it and everything downstream (ASC, GDQA, training) consumes it.
package org.anatomyr1.data;

import java.util.List;

/**
 * @param id          unique within its dataset
 * @param image       image reference as written in the source (relative to the dataset file for
 *                    canonical JSONL; may be null for text-only items)
 * @param question    question text without options or instructions
 * @param options     option texts, in display order (letters A, B, ... follow this order)
 * @param answerIndex index of the correct option
 * @param category    grouping label, e.g. the anatomy class of the answer
 * @param difficulty  S(q) from the ASC scorer, or null when not scored
 * @param bin         curriculum bin, or null
 * @param split       train/val/test, or null
 * @param source      where the item came from (file format or generator), or null
 * @param sourceId    for GDQA variants: id of the item it was derived from, or null
 * @param variant     for GDQA variants: which text rewrite and image transform, or null
 * @param objects     object boxes in image pixels (synthetic scenes), empty when unknown
 */
public record VqaSample(
    String id,
    String image,
    String question,
    List<String> options,
    int answerIndex,
    String category,
    Double difficulty,
    Integer bin,
    String split,
    String source,
    String sourceId,
    String variant,
    List<ObjectBox> objects) {

  public VqaSample {
    options = options == null ? List.of() : List.copyOf(options);
    objects = objects == null ? List.of() : List.copyOf(objects);
  }

  /** Minimal item: the fields every format has. */
  public static VqaSample of(String id, String image, String question, List<String> options,
                             int answerIndex, String category) {
    return new VqaSample(id, image, question, options, answerIndex, category, null, null, null,
        null, null, null, List.of());
  }

  /** Correct option text; throws when the index is out of range (use {@link SampleChecks} first). */
  public String answer() {
    return options.get(answerIndex);
  }

  public static char letter(int index) {
    return (char) ('A' + index);
  }

  public VqaSample withId(String newId) {
    return new VqaSample(newId, image, question, options, answerIndex, category, difficulty, bin,
        split, source, sourceId, variant, objects);
  }

  public VqaSample withImage(String newImage, List<ObjectBox> newObjects) {
    return new VqaSample(id, newImage, question, options, answerIndex, category, difficulty, bin,
        split, source, sourceId, variant, newObjects);
  }

  public VqaSample withQuestion(String newQuestion) {
    return new VqaSample(id, image, newQuestion, options, answerIndex, category, difficulty, bin,
        split, source, sourceId, variant, objects);
  }

  public VqaSample withOptions(List<String> newOptions, int newAnswerIndex) {
    return new VqaSample(id, image, question, newOptions, newAnswerIndex, category, difficulty,
        bin, split, source, sourceId, variant, objects);
  }

  public VqaSample withDifficulty(Double newDifficulty, Integer newBin) {
    return new VqaSample(id, image, question, options, answerIndex, category, newDifficulty,
        newBin, split, source, sourceId, variant, objects);
  }

  public VqaSample withProvenance(String newSourceId, String newVariant) {
    return new VqaSample(id, image, question, options, answerIndex, category, difficulty, bin,
        split, source, newSourceId, newVariant, objects);
  }
}

// SFT target texts: answer-only "<answer>X. text</answer>", CoT-SFT (a templated <think> block
// that names the question form (its first words), the answer's text, then its letter, then the same
// answer block), or CoT answering with the option text.
package org.anatomyr1.train;

import org.anatomyr1.data.VqaSample;

public final class SftTargets {
  private SftTargets() {}

  /** The completion the model is taught for {@code item} in mode "answer" or "cot". */
  public static String of(VqaSample item, String mode) {
    String choice = VqaSample.letter(item.answerIndex()) + ". " + item.answer();
    String answer = "<answer>" + choice + "</answer>";
    return switch (mode) {
      case "answer" -> answer;
      // only words of the prompt (question, options, instruction), so a word-level tiny vocabulary covers it
      // the answer's text before its letter: what the image shows first, then which option says it
      case "cot" -> "<think>question: " + form(item.question()) + ", correct answer: " + item.answer() + ", choice: "
          + VqaSample.letter(item.answerIndex()) + "</think>" + answer;
      // CoT that answers with the option's text (AnswerExtractor accepts it): no name-to-letter lookup,
      // which a tiny word-level model learns far slower than the image itself
      case "cot-name" -> "<think>question: " + form(item.question()) + ", correct answer: " + item.answer()
          + "</think><answer>" + item.answer() + "</answer>";
      default -> throw new IllegalArgumentException("config key 'sft.mode': unknown '" + mode + "' (answer, cot or cot-name)");
    };
  }

  /** The question form: its first three words ("What colour is", "What anatomy is"). */
  static String form(String question) {
    String[] words = question.strip().split("\\s+");
    return String.join(" ", java.util.Arrays.copyOf(words, Math.min(3, words.length))).replaceAll("[?.,:;]+$", "");
  }
}

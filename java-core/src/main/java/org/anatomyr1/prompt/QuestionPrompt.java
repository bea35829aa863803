// The user turn for a multiple-choice question (MedVLM-R1's training/"complex" evaluation prompt,
// data_eval.md section 3): the question, the options as "A. text" lines, and the think/answer rules.
package org.anatomyr1.prompt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.anatomyr1.data.VqaSample;

public final class QuestionPrompt {
  private QuestionPrompt() {}

  /** The instruction after the options; its words must be in a tiny model's vocabulary. */
  public static final String INSTRUCTION = "Your task:\n"
      + "1. Think through the question step by step, enclose your reasoning process in <think>...</think> tags.\n"
      + "2. Then provide the correct single-letter choice (A, B, C, D,...) inside <answer>...</answer> tags.\n"
      + "3. No extra information or text outside of these tags.";

  /** "question\nA. first\nB. second\n...\n" + instruction, options in the item's display order. */
  public static String render(VqaSample item) {
    return render(item.question(), item.options());
  }

  public static String render(String question, List<String> options) {
    StringBuilder s = new StringBuilder(question.strip()).append('\n');
    for (int i = 0; i < options.size(); i++) s.append(VqaSample.letter(i)).append(". ").append(options.get(i)).append('\n');
    return s.append(INSTRUCTION).toString();
  }

  /**
   * The letter/digit words of the prompts, completions ("think", "answer") and option letters of
   * {@code items}, in first-seen order: the vocabulary a word-level tiny tokenizer needs so that
   * no prompt word becomes unknown. Includes the words every registered GDQA text rewrite can insert
   * (paraphrase templates, lead-ins), so RL's rewritten prompts are made of known words as well.
   */
  public static List<String> vocabulary(List<VqaSample> items) {
    Set<String> words = new LinkedHashSet<>();
    addWords(words, INSTRUCTION);
    for (String name : org.anatomyr1.gdqa.TextRewriters.names()) {
      for (String phrase : org.anatomyr1.gdqa.TextRewriters.get(name).phrases()) addWords(words, phrase);
    }
    for (int i = 0; i < 26; i++) words.add(String.valueOf(VqaSample.letter(i)));
    for (VqaSample item : items) addWords(words, render(item));
    return new ArrayList<>(words);
  }

  /** Maximal runs of letters/digits (the tiny tokenizer splits everything else into characters). */
  static void addWords(Set<String> words, String text) {
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        w.append(c);
      } else if (!w.isEmpty()) {
        words.add(w.toString());
        w.setLength(0);
      }
    }
    if (!w.isEmpty()) words.add(w.toString());
  }
}

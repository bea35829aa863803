// Multiple-choice evaluation of a Qwen2.5-VL model directory (issue 5 item 8): per item a greedy
// completion (Pass@1) and k seeded samples sharing one prefill (Avg@k, Major@k, Pass@k); answers
// extracted from <answer> tags; rows per category + overall with chance and a text-only baseline.
package org.anatomyr1.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntConsumer;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.rl.AnswerExtractor;
import org.anatomyr1.rollout.SamplingSettings;
import org.anatomyr1.rollout.VisualChat;

public final class Evaluator {
  /** Mixes the batch index into the sampling seed so batches draw independent streams. */
  private static final long BATCH_SEED_STRIDE = 0x9E3779B97F4A7C15L;

  private Evaluator() {}

  /** Loads {@code modelDir}, evaluates, and writes the files when {@code s.outDir()} is set. */
  public static EvalResult evaluate(Path modelDir, List<VqaSample> items, EvalSettings s) {
    checkItems(items);
    try (VisualChat chat = VisualChat.load(modelDir, s.compute())) {
      return evaluate(chat, modelDir.toString(), items, s, done -> {});
    }
  }

  /**
   * Evaluates with an already loaded model (trainers evaluate in memory). Deterministic for a
   * seed and batch size; {@code progress} receives the number of items finished so far.
   */
  public static EvalResult evaluate(VisualChat chat, String modelName, List<VqaSample> items, EvalSettings s,
      IntConsumer progress) {
    checkItems(items);
    long start = System.nanoTime();
    List<Prediction> predictions = new ArrayList<>();
    Map<Path, RgbImage> images = new HashMap<>(); // synthetic scenes carry several questions each
    for (int from = 0, batch = 0; from < items.size(); from += s.batchSize(), batch++) {
      List<VqaSample> part = items.subList(from, Math.min(items.size(), from + s.batchSize()));
      List<RgbImage> pixels = new ArrayList<>();
      List<String> prompts = new ArrayList<>();
      for (VqaSample item : part) {
        pixels.add(images.computeIfAbsent(imagePath(item, s.imageDir()), ImageFiles::read));
        prompts.add(QuestionPrompt.render(item));
      }
      if (images.size() > 4 * s.batchSize()) images.clear(); // bounded: items of a scene are adjacent
      List<String> greedy = chat.answer(pixels, prompts, s.maxNewTokens(), 1, SamplingSettings.greedy());
      SamplingSettings base = s.sampling();
      SamplingSettings sampling = new SamplingSettings(base.temperature(), base.topK(), base.topP(),
          base.repetitionPenalty(), base.seed() + BATCH_SEED_STRIDE * batch);
      List<String> sampled = chat.answer(pixels, prompts, s.maxNewTokens(), s.k(), sampling); // [B*k], group order
      for (int i = 0; i < part.size(); i++) {
        VqaSample item = part.get(i);
        List<Integer> choices = new ArrayList<>();
        for (int j = 0; j < s.k(); j++) choices.add(choice(sampled.get(i * s.k() + j), item.options()));
        predictions.add(new Prediction(item.id(), category(item), item.options(), item.answerIndex(), greedy.get(i),
            choice(greedy.get(i), item.options()), choices));
      }
      progress.accept(predictions.size());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return summarise(s.label(), modelName, s, items, predictions, seconds);
  }

  /** Scores predictions (also used to re-score a predictions file). */
  static EvalResult summarise(String label, String modelName, EvalSettings s, List<VqaSample> items,
      List<Prediction> predictions, double seconds) {
    List<ItemOutcome> outcomes = predictions.stream().map(Prediction::outcome).toList();
    List<Scoreboard.Row> rows = Scoreboard.rows(outcomes);
    // Text-only baseline per row: the answer prior of the whole set, scored within each row's items.
    int[] prior = TextOnlyBaseline.choices(items);
    Map<String, int[]> hits = new LinkedHashMap<>(); // category -> {right, total}
    for (int i = 0; i < items.size(); i++) {
      boolean right = prior[i] == items.get(i).answerIndex();
      for (String c : List.of(category(items.get(i)), Scoreboard.OVERALL)) {
        int[] h = hits.computeIfAbsent(c, x -> new int[2]);
        h[0] += right ? 1 : 0;
        h[1]++;
      }
    }
    Map<String, Double> textOnly = new LinkedHashMap<>();
    hits.forEach((c, h) -> textOnly.put(c, (double) h[0] / h[1]));
    long none = predictions.stream().filter(p -> p.greedyChoice() == ItemOutcome.NO_ANSWER).count();
    return new EvalResult(label, modelName, s.k(), s.sampling().seed(), s.maxNewTokens(), predictions, rows, textOnly,
        predictions.isEmpty() ? 0 : (double) none / predictions.size(), seconds);
  }

  static int choice(String completion, List<String> options) {
    OptionalInt c = AnswerExtractor.choice(completion, options);
    return c.isPresent() ? c.getAsInt() : ItemOutcome.NO_ANSWER;
  }

  static String category(VqaSample item) {
    return item.category() == null || item.category().isBlank() ? "uncategorised" : item.category();
  }

  private static Path imagePath(VqaSample item, Path imageDir) {
    Path p = Path.of(item.image().strip());
    if (p.isAbsolute() || imageDir == null) return p;
    return imageDir.resolve(p);
  }

  private static void checkItems(List<VqaSample> items) {
    if (items.isEmpty()) throw new IllegalArgumentException("evaluation needs at least one item, got none");
    for (VqaSample item : items) {
      if (item.options().size() < 2) {
        throw new IllegalArgumentException("item " + item.id() + " field 'options': needs >= 2 options, got " + item.options().size());
      }
      if (item.answerIndex() < 0 || item.answerIndex() >= item.options().size()) {
        throw new IllegalArgumentException("item " + item.id() + " field 'answer': index " + item.answerIndex()
            + " outside the " + item.options().size() + " options");
      }
      if (item.image() == null || item.image().isBlank()) {
        throw new IllegalArgumentException("item " + item.id() + " field 'image': missing; evaluation of a"
            + " vision-language model needs an image per item");
      }
    }
  }
}

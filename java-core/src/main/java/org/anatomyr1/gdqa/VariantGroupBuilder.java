// Builds GDQA groups (Anatomy-R1, Group Diversity Question Augmentation): variant i of an item
// uses text variant i % k and image variant (i / k) % m; variant 0 is always the item itself.
// Every text rewrite is checked to keep the answer. Seeded per (seed, draw, item id): order-independent.
package org.anatomyr1.gdqa;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.ObjectBox;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.gdqa.visual.VisualTransform;
import org.anatomyr1.gdqa.visual.VisualTransforms;
import org.anatomyr1.image.RgbImage;

public final class VariantGroupBuilder {

  /**
   * @param groupSize        G, variants per item (>= 1)
   * @param textVariants     k (>= 1); 1 = original text only
   * @param imageVariants    m (>= 1); 1 = original image only
   * @param enabled          false: G plain copies (GDQA off)
   * @param textRewriters    rewriter names applied, in order, to text variants 1..k-1
   * @param visualTransforms names drawn from (1 or 2 per image variant 1..m-1)
   */
  public record Config(int groupSize, int textVariants, int imageVariants, boolean enabled,
                       List<String> textRewriters, List<String> visualTransforms, long seed) {
    public Config {
      if (groupSize < 1) throw new IllegalArgumentException("gdqa.groupSize must be >= 1, got " + groupSize);
      if (textVariants < 1) throw new IllegalArgumentException("gdqa.textVariants must be >= 1, got " + textVariants);
      if (imageVariants < 1) throw new IllegalArgumentException("gdqa.imageVariants must be >= 1, got " + imageVariants);
      textRewriters = List.copyOf(textRewriters);
      visualTransforms = List.copyOf(visualTransforms);
      textRewriters.forEach(TextRewriters::get);       // unknown names fail here, at start-up
      visualTransforms.forEach(VisualTransforms::get);
    }

    /** G variants with k = min(G, 4) text and m = ceil(G / k) image variants. */
    public static Config defaults(int groupSize, List<String> visualTransforms, long seed) {
      int k = Math.max(1, Math.min(groupSize, 4));
      int m = (groupSize + k - 1) / k;
      return new Config(groupSize, k, m, true, List.of(QuestionParaphraser.NAME, PreambleRewriter.NAME,
          OptionPermutation.NAME), visualTransforms, seed);
    }
  }

  private final Config config;

  public VariantGroupBuilder(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  /**
   * @param image the item's decoded image, or null for text-only items (then m is treated as 1)
   */
  public VariantGroup build(VqaSample item, RgbImage image) {
    return build(item, image, 0);
  }

  /**
   * As {@link #build(VqaSample, RgbImage)} with the variant streams also keyed by {@code draw}:
   * the trainer passes a value that mixes the step, so an item that returns gets fresh
   * paraphrases, permutations and image transforms (the paper's variants are new draws each time).
   */
  public VariantGroup build(VqaSample item, RgbImage image, long draw) {
    if (!config.enabled()) return copies(item);
    int k = config.textVariants();
    int m = image == null ? 1 : config.imageVariants();
    List<TextVariant> texts = new ArrayList<>();
    for (int t = 0; t < Math.min(k, config.groupSize()); t++) {
      texts.add(t == 0 ? new TextVariant(item, "orig") : textVariant(item, draw, t));
    }
    List<ImageVariant> images = new ArrayList<>();
    images.add(new ImageVariant(null, item.objects(), "orig"));
    int neededImages = Math.min(m, (config.groupSize() + texts.size() - 1) / texts.size());
    for (int j = 1; j < neededImages; j++) images.add(imageVariant(item, image, draw, j));
    List<Variant> out = new ArrayList<>();
    for (int i = 0; i < config.groupSize(); i++) {
      int t = i % texts.size();
      int j = (i / texts.size()) % images.size();
      TextVariant text = texts.get(t);
      ImageVariant img = images.get(j);
      VqaSample s = tag(text.sample(), i, "text=" + text.recipe() + ";image=" + img.recipe());
      s = s.withImage(s.image(), img.boxes()); // boxes follow a translated image
      out.add(new Variant(i, t, j, s, img.image(), text.recipe(), img.recipe()));
    }
    return new VariantGroup(item, out);
  }

  /** A rewritten question and the rewriters that changed it ("orig" when none did). */
  private record TextVariant(VqaSample sample, String recipe) {}

  /** A transformed image (null: the item's own), its moved boxes and the transforms applied. */
  private record ImageVariant(RgbImage image, List<ObjectBox> boxes, String recipe) {}

  /** GDQA off: G plain copies of the item. */
  private VariantGroup copies(VqaSample item) {
    List<Variant> out = new ArrayList<>();
    for (int i = 0; i < config.groupSize(); i++) {
      out.add(new Variant(i, 0, 0, tag(item, i, "copy"), null, "copy", "copy"));
    }
    return new VariantGroup(item, out);
  }

  /** Text variant t >= 1: the configured rewriters in order, each checked to keep the answer. */
  private TextVariant textVariant(VqaSample item, long draw, int t) {
    SplittableRandom rng = rng(item, draw, 't', t);
    VqaSample cur = item;
    List<String> applied = new ArrayList<>();
    for (String name : config.textRewriters()) {
      TextRewriter r = TextRewriters.get(name);
      // the preamble on every other variant only, so groups mix plain and prefixed prompts
      if (r instanceof PreambleRewriter && t % 2 == 0) continue;
      VqaSample next = AnswerCheck.require(cur, r.rewrite(cur, rng), r);
      if (!next.equals(cur)) applied.add(name);
      cur = next;
    }
    return new TextVariant(cur, applied.isEmpty() ? "orig" : String.join("+", applied));
  }

  /** Image variant j >= 1: one or two distinct transforms drawn from the pool, applied in turn. */
  private ImageVariant imageVariant(VqaSample item, RgbImage image, long draw, int j) {
    SplittableRandom rng = rng(item, draw, 'i', j);
    List<String> pool = new ArrayList<>(config.visualTransforms());
    int count = pool.isEmpty() ? 0 : Math.min(pool.size(), 1 + rng.nextInt(2));
    RgbImage cur = image;
    List<ObjectBox> boxes = item.objects();
    List<String> applied = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      VisualTransform tr = VisualTransforms.get(pool.remove(rng.nextInt(pool.size())));
      VisualTransform.Applied a = tr.apply(cur, boxes, rng);
      cur = a.image();
      boxes = a.boxes();
      applied.add(a.description());
    }
    return new ImageVariant(cur, boxes, applied.isEmpty() ? "orig" : String.join("+", applied));
  }

  private static VqaSample tag(VqaSample s, int i, String recipe) {
    return s.withId(s.id() + "#v" + i).withProvenance(s.id(), recipe);
  }

  /** Independent stream per (seed, draw, item, text|image, index); draw 0 keeps the former streams. */
  private SplittableRandom rng(VqaSample item, long draw, char kind, int index) {
    long h = config.seed() ^ draw * 0xD1B54A32D192ED03L;
    h = h * 0x9E3779B97F4A7C15L + item.id().hashCode();
    h = h * 0x9E3779B97F4A7C15L + kind;
    h = h * 0x9E3779B97F4A7C15L + index;
    return new SplittableRandom(h);
  }
}

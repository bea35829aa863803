// `anatomy-r1 synth`: the embedded default dataset. Renders N questions over random endoscopy-like
// scenes into DIR/images/*.png and DIR/{train,val,test}.jsonl (canonical format). Deterministic for
// a seed (byte-identical output); a scene and all its questions belong to exactly one split.
package org.anatomyr1.data.synth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.ObjectBox;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;

public final class SyntheticAnatomyGenerator {

  /**
   * @param size          frame side in pixels (112..448)
   * @param perScene      questions asked per scene (1..4; identify asks one)
   * @param families      question families to ask (position, relation, colour_name, colour_query)
   * Scene s goes to val when s % 10 == 8, to test when s % 10 == 9, else to train.
   */
  public record Config(int n, long seed, int size, int perScene, java.util.Set<QuestionEngine.Family> families) {
    /** All question families. */
    public Config(int n, long seed, int size, int perScene) {
      this(n, seed, size, perScene, QuestionEngine.Family.SSG);
    }

    public Config {
      if (families == null || families.isEmpty()) throw new IllegalArgumentException("families must name at least one question family");
      families = java.util.Set.copyOf(families);
      if (families.contains(QuestionEngine.Family.IDENTIFY) && families.size() > 1) {
        throw new IllegalArgumentException("family identify has single-anatomy scenes of its own: it cannot be mixed with other families");
      }
      if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
      if (size < 112 || size > 448) throw new IllegalArgumentException("size must be in [112, 448], got " + size);
      if (perScene < 1 || perScene > QuestionEngine.Family.values().length) {
        throw new IllegalArgumentException("perScene must be in [1, 4], got " + perScene);
      }
    }
  }

  /** What was written: items per split and the number of scenes. */
  public record Result(Map<String, List<VqaSample>> splits, int scenes) {}

  private final Config config;

  public SyntheticAnatomyGenerator(Config config) {
    this.config = config;
  }

  /** Split of a scene; fixed by the scene index, so splits never share a scene. */
  public static String splitOf(int scene) {
    int r = scene % 10;
    return r == 8 ? "val" : r == 9 ? "test" : "train";
  }

  /** Generates everything in memory (items and images), in scene order. */
  public List<Generated> generate() {
    List<Generated> out = new ArrayList<>();
    int produced = 0;
    for (int s = 0; produced < config.n(); s++) {
      long sceneSeed = new SplittableRandom(config.seed()).split().nextLong() ^ (0x9E3779B97F4A7C15L * (s + 1));
      SplittableRandom rng = new SplittableRandom(sceneSeed);
      boolean identify = config.families().contains(QuestionEngine.Family.IDENTIFY);
      Scene scene = identify ? SceneSampler.sampleSingle(s, config.size(), rng) : SceneSampler.sample(s, config.size(), rng);
      List<QuestionEngine.Question> qs = identify ? List.of(QuestionEngine.identify(scene, rng))
          : QuestionEngine.ask(scene, config.perScene(), config.families(), rng);
      if (qs.isEmpty()) continue;
      String image = String.format(Locale.ROOT, "images/scene-%05d.png", s);
      List<ObjectBox> boxes = scene.objects().stream().map(SceneObject::box).toList();
      List<VqaSample> items = new ArrayList<>();
      for (int k = 0; k < qs.size() && produced < config.n(); k++, produced++) {
        QuestionEngine.Question q = qs.get(k);
        String id = String.format(Locale.ROOT, "synth-%d-%05d-%d", config.seed(), s, k);
        items.add(new VqaSample(id, image, q.question(), q.options(), q.answerIndex(), q.category(),
            null, null, splitOf(s), "synth:" + q.family().name().toLowerCase(Locale.ROOT), null, null, boxes));
      }
      out.add(new Generated(scene, image, SceneRenderer.render(scene, sceneSeed), items));
    }
    return out;
  }

  /** One rendered scene and its questions. */
  public record Generated(Scene scene, String imagePath, RgbImage image, List<VqaSample> items) {}

  /** Writes DIR/images/scene-NNNNN.png and DIR/{train,val,test}.jsonl. */
  public Result write(Path dir) {
    List<Generated> all = generate();
    Map<String, List<VqaSample>> splits = new LinkedHashMap<>();
    for (String sp : List.of("train", "val", "test")) splits.put(sp, new ArrayList<>());
    for (Generated g : all) {
      ImageFiles.writePng(dir.resolve(g.imagePath()), g.image());
      for (VqaSample s : g.items()) splits.get(s.split()).add(s);
    }
    for (var e : splits.entrySet()) CanonicalJsonl.write(dir.resolve(e.getKey() + ".jsonl"), e.getValue());
    return new Result(splits, all.size());
  }
}

// GDQA draws: a returning item gets fresh variants when the draw changes (the trainer mixes the
// step into it), the same draw reproduces them, and draw 0 is the former seeding; lead-ins are
// modality-neutral unless the item's source says it is laparoscopic.
package org.anatomyr1.gdqa;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;
import org.junit.jupiter.api.Test;

class FreshDrawsTest {
  @Test
  void drawsDifferAcrossStepsAndRepeatWithinOne() {
    var g = new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(3, 2, 128, 3)).generate().get(0);
    VqaSample item = g.items().get(0);
    VariantGroupBuilder b = new VariantGroupBuilder(VariantGroupBuilder.Config.defaults(8, List.of("noise", "photometric"), 2));
    assertEquals(recipe(b.build(item, g.image())), recipe(b.build(item, g.image(), 0)));
    assertEquals(recipe(b.build(item, g.image(), 17)), recipe(b.build(item, g.image(), 17)));
    int differing = 0;
    for (long d = 1; d <= 5; d++) if (!recipe(b.build(item, g.image(), d)).equals(recipe(b.build(item, g.image(), 0)))) differing++;
    assertTrue(differing >= 4, "fresh draws change the variants (" + differing + " of 5 differ)");
    // within one group the members differ at the generator: texts or images
    VariantGroup grp = b.build(item, g.image(), 3);
    long distinct = grp.variants().stream().map(v -> v.sample().question() + v.sample().options() + v.imageRecipe()).distinct().count();
    assertTrue(distinct >= 6, "members of one group differ: " + distinct + " distinct of 8");
  }

  private static String recipe(VariantGroup grp) {
    StringBuilder s = new StringBuilder();
    for (Variant v : grp.variants()) s.append(v.sample().question()).append(v.sample().options()).append(v.imageRecipe()).append('|');
    return s.toString();
  }

  @Test
  void leadInsAreNeutralUnlessTheSourceIsLaparoscopic() {
    PreambleRewriter r = new PreambleRewriter();
    VqaSample ct = VqaSample.of("ct1", null, "Which organ is shown?", List.of("a", "b"), 0, "c");
    for (int i = 0; i < 50; i++) {
      String q = r.rewrite(ct, new SplittableRandom(i)).question();
      assertFalse(q.toLowerCase().contains("laparoscop") || q.contains("surgical") || q.contains("endoscop"), q);
      assertTrue(r.keepsMeaning(ct.question(), q));
    }
    assertEquals(PreambleRewriter.LEAD_INS, PreambleRewriter.leadIns(ct));
    VqaSample lap = new VqaSample("s1", null, "What anatomy is shown?", List.of("a", "b"), 0, "c", null, null, null,
        "synth:identify", null, null, List.of());
    assertTrue(PreambleRewriter.leadIns(lap).containsAll(PreambleRewriter.LAPAROSCOPIC_LEAD_INS));
  }
}

package org.anatomyr1.gdqa;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.CliCapture;
import org.anatomyr1.data.ReadResult;
import org.anatomyr1.data.SharedData;
import org.anatomyr1.data.SwiftJsonReader;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;
import org.anatomyr1.image.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantGroupBuilderTest {
  static final long SEED = 5;
  static final List<String> PSI = List.of("photometric", "blur", "shift");
  @TempDir Path dir;

  @Test
  void groupOfEightFromFourTextsTimesTwoImages() {
    var gen = new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(12, SEED, 128, 3)).generate();
    VariantGroupBuilder b = new VariantGroupBuilder(VariantGroupBuilder.Config.defaults(8, PSI, SEED));
    for (var g : gen) {
      for (VqaSample item : g.items()) {
        VariantGroup group = b.build(item, g.image());
        assertEquals(8, group.size());
        Variant v0 = group.variants().get(0);
        assertEquals(item.question(), v0.sample().question());
        assertEquals(item.options(), v0.sample().options());
        assertEquals("text=orig;image=orig", v0.sample().variant());
        Set<String> questions = new HashSet<>();
        for (Variant v : group.variants()) {
          assertEquals(item.answer(), v.sample().answer(), "seed " + SEED + " " + v.sample().variant());
          assertEquals(item.id(), v.sample().sourceId());
          assertEquals(item.id() + "#v" + v.index(), v.sample().id());
          assertEquals(v.index() % 4, v.textIndex());
          assertEquals(v.index() / 4, v.imageIndex());
          assertEquals(v.imageIndex() == 0, v.image() == null);
          questions.add(v.sample().question() + v.sample().options());
          for (var box : v.sample().objects()) {
            assertTrue(box.x0() >= 0 && box.y0() >= 0 && box.x1() <= 128 && box.y1() <= 128, box.toString());
          }
        }
        assertTrue(questions.size() >= 3, "text variants differ: " + questions);
        // deterministic: rebuilding gives the same group, images included
        VariantGroup again = b.build(item, g.image());
        for (int i = 0; i < 8; i++) {
          assertEquals(group.variants().get(i).sample(), again.variants().get(i).sample());
          assertEquals(group.variants().get(i).image(), again.variants().get(i).image());
        }
      }
    }
  }

  @Test
  void offGivesPlainCopiesAndTextOnlyItemsGetNoImageVariants() {
    VqaSample s = VqaSample.of("q1", "x.png", "What is the brown anatomy?", List.of("Liver", "Gut", "Omentum", "Cystic Plate"), 0, "Liver");
    var cfg = VariantGroupBuilder.Config.defaults(4, PSI, SEED);
    VariantGroup off = new VariantGroupBuilder(new VariantGroupBuilder.Config(4, 2, 2, false, cfg.textRewriters(), PSI, SEED)).build(s, null);
    for (Variant v : off.variants()) {
      assertEquals(s.question(), v.sample().question());
      assertEquals(s.options(), v.sample().options());
      assertEquals("copy", v.sample().variant());
    }
    VariantGroup textOnly = new VariantGroupBuilder(new VariantGroupBuilder.Config(6, 2, 3, true, cfg.textRewriters(), PSI, SEED)).build(s, null);
    assertEquals(6, textOnly.size());
    for (Variant v : textOnly.variants()) {
      assertEquals(0, v.imageIndex());
      assertEquals("Liver", v.sample().answer());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new VariantGroupBuilder.Config(0, 1, 1, true, List.of(), PSI, 1))
        .getMessage().contains("gdqa.groupSize"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new VariantGroupBuilder.Config(2, 1, 1, true, List.of("nope"), PSI, 1))
        .getMessage().contains("unknown text rewriter 'nope'"));
  }

  /** Issue 4 acceptance: `augment --n 8` writes 8 variants per item with the answer at the remapped index. */
  @Test
  void augmentCommandWritesEightVariantsPerItem() throws IOException {
    Path syn = dir.resolve("s");
    assertEquals(0, CliCapture.run("synth", "--out", syn.toString(), "--n", "30", "--seed", "7").exit());
    Path out = dir.resolve("aug");
    CliCapture.Run r = CliCapture.run("augment", "--data", syn.resolve("train.jsonl").toString(), "--n", "8",
        "--out", out.toString(), "--seed", "3");
    assertEquals(0, r.exit(), r.err());
    ReadResult src = new CanonicalJsonl().read(syn.resolve("train.jsonl"));
    ReadResult aug = new CanonicalJsonl().read(out.resolve("variants.jsonl"));
    assertTrue(aug.problems().isEmpty(), aug.problems().toString());
    Map<String, VqaSample> byId = new HashMap<>();
    src.samples().forEach(s -> byId.put(s.id(), s));
    Map<String, Integer> perSource = new HashMap<>();
    for (VqaSample v : aug.samples()) {
      VqaSample s = byId.get(v.sourceId());
      assertNotNull(s, v.id());
      assertEquals(s.answer(), v.options().get(v.answerIndex()), v.id() + " " + v.variant());
      assertNotNull(v.variant());
      assertTrue(Files.exists(out.resolve(v.image())), v.image());
      perSource.merge(v.sourceId(), 1, Integer::sum);
    }
    assertEquals(src.samples().size(), perSource.size());
    perSource.values().forEach(c -> assertEquals(8, c));
    assertEquals(160, ImageFiles.read(out.resolve(aug.samples().get(4).image())).width());
  }

  /** Reference items (no images here): text variants only, every one keeps its answer. */
  @Test
  void referenceItemsAugmentTextOnly() {
    VariantGroupBuilder b = new VariantGroupBuilder(VariantGroupBuilder.Config.defaults(8, PSI, SEED));
    for (VqaSample s : new SwiftJsonReader().read(SharedData.file("GRPO-GDQA.json")).samples()) {
      for (Variant v : b.build(s, null).variants()) assertEquals(s.answer(), v.sample().answer());
    }
  }
}

package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.anatomyr1.data.synth.AnatomyClass;
import org.anatomyr1.data.synth.QuestionEngine;
import org.anatomyr1.data.synth.Relation;
import org.anatomyr1.data.synth.SceneObject;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticAnatomyGeneratorTest {
  @TempDir Path dir;

  /** Issue 4 acceptance: `synth --out D --n 200 --seed 7` twice gives byte-identical files. */
  @Test
  void sameSeedGivesByteIdenticalOutput() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertEquals(0, CliCapture.run("synth", "--out", a.toString(), "--n", "200", "--seed", "7").exit());
    assertEquals(0, CliCapture.run("synth", "--out", b.toString(), "--n", "200", "--seed", "7").exit());
    List<Path> fa = files(a);
    assertEquals(fa.stream().map(a::relativize).toList(), files(b).stream().map(b::relativize).toList());
    for (Path p : fa) assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(b.resolve(a.relativize(p))), p.toString());
    Path c = dir.resolve("c");
    assertEquals(0, CliCapture.run("synth", "--out", c.toString(), "--n", "200", "--seed", "8").exit());
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("train.jsonl")), Files.readAllBytes(c.resolve("train.jsonl"))),
        "another seed gives another dataset");
  }

  @Test
  void answersAmongOptionsSplitsDisjointImagesValid() {
    Path d = dir.resolve("s");
    new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(200, 7, 160, 3)).write(d);
    int total = 0;
    List<Set<String>> imagesPerSplit = new java.util.ArrayList<>();
    Set<String> classes = new HashSet<>();
    for (String split : List.of("train", "val", "test")) {
      ReadResult r = new CanonicalJsonl().read(d.resolve(split + ".jsonl"));
      assertTrue(r.problems().isEmpty(), r.problems().toString());
      DatasetValidator.Report rep = DatasetValidator.validate(r, null, true);
      assertEquals(r.samples().size(), rep.imagesOk(), "every image decodes");
      Set<String> imgs = new HashSet<>();
      for (VqaSample s : r.samples()) {
        assertEquals(4, s.options().size());
        assertEquals(4, new HashSet<>(s.options()).size());
        assertTrue(s.answerIndex() >= 0 && s.answerIndex() < 4);
        assertEquals(split, s.split());
        imgs.add(s.image());
        classes.add(s.category());
      }
      imagesPerSplit.add(imgs);
      total += r.samples().size();
    }
    assertEquals(200, total);
    assertFalse(imagesPerSplit.get(1).isEmpty());
    assertFalse(imagesPerSplit.get(2).isEmpty());
    for (int i = 0; i < 3; i++) for (int j = i + 1; j < 3; j++) {
      Set<String> both = new HashSet<>(imagesPerSplit.get(i));
      both.retainAll(imagesPerSplit.get(j));
      assertTrue(both.isEmpty(), "splits share scenes: " + both);
    }
    for (String six : List.of("Liver", "Omentum", "Gut", "Gallbladder", "Abdominal Wall Cavity", "Cystic Plate")) {
      assertTrue(classes.contains(six), "class " + six + " appears: " + classes);
    }
  }

  /** The answer follows from the scene graph; no distractor present in the scene also fits. */
  @Test
  void answersFollowFromTheSceneGraph() {
    long seed = 11;
    var gen = new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(300, seed, 160, 4));
    int checked = 0;
    for (var g : gen.generate()) {
      int size = g.scene().size();
      List<SceneObject> an = g.scene().anatomies();
      for (VqaSample s : g.items()) {
        String q = s.question();
        SceneObject target = an.stream().filter(o -> o.anatomy().displayName().equals(s.category())).findFirst().orElseThrow();
        switch (s.source()) {
          case "synth:position" -> {
            assertTrue(q.contains(" " + target.position(size) + " "), "seed " + seed + ": " + q);
            for (SceneObject o : an) {
              if (s.options().contains(o.anatomy().displayName()) && o != target) {
                assertNotEquals(target.position(size), o.position(size), "distractor also at that position: " + q);
              }
            }
          }
          case "synth:colour_name" -> {
            assertTrue(q.contains(" " + target.colourWord() + " "), q);
            assertEquals(1, an.stream().filter(o -> o.colourWord().equals(target.colourWord())).count());
          }
          case "synth:colour_query" -> assertEquals(target.colourWord(), s.answer());
          case "synth:relation" -> {
            Relation rel = Stream.of(Relation.values()).filter(x -> q.contains(" " + x.phrase() + " ")).findFirst().orElseThrow();
            SceneObject ref = g.scene().objects().stream().filter(o -> q.contains("the " + (o.isAnatomy()
                ? o.anatomy().mention() + " anatomy" : o.instrument().mention() + " object"))).findFirst().orElseThrow();
            assertTrue(rel.holds(target, ref, size), q);
            for (SceneObject o : an) {
              if (o != target && o != ref && s.options().contains(o.anatomy().displayName())) {
                assertFalse(rel.holds(o, ref, size), "distractor " + o.label() + " also satisfies: " + q);
              }
            }
          }
          default -> fail("unknown family " + s.source());
        }
        checked++;
      }
    }
    assertEquals(300, checked);
  }

  @Test
  void semanticallyCloserClassesLookMoreAlike() {
    // Liver-Gallbladder is the closest pair under bge-small; Omentum-Cystic Plate among the farthest
    assertTrue(AnatomyClass.LIVER.layoutDistance(AnatomyClass.GALLBLADDER)
        < AnatomyClass.OMENTUM.layoutDistance(AnatomyClass.CYSTIC_PLATE));
    assertTrue(Math.abs(AnatomyClass.GUT.textureFrequency() - AnatomyClass.LIVER.textureFrequency())
        < Math.abs(AnatomyClass.GUT.textureFrequency() - AnatomyClass.CYSTIC_PLATE.textureFrequency()));
    assertEquals(QuestionEngine.OPTIONS, 4);
  }

  @Test
  void familiesCanBeRestricted() {
    var cfg = new SyntheticAnatomyGenerator.Config(60, 4, 128, 3,
        java.util.EnumSet.of(QuestionEngine.Family.POSITION, QuestionEngine.Family.RELATION));
    int n = 0;
    for (var g : new SyntheticAnatomyGenerator(cfg).generate()) {
      for (VqaSample s : g.items()) {
        assertTrue(s.source().equals("synth:position") || s.source().equals("synth:relation"), s.source());
        n++;
      }
    }
    assertEquals(60, n);
    CliCapture.Run r = CliCapture.run("synth", "--out", dir.toString(), "--families", "position,size");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("unknown question family 'size'"), r.err());
  }

  @Test
  void badConfigIsRejectedWithTheField() {
    CliCapture.Run r = CliCapture.run("synth", "--out", dir.toString(), "--n", "0");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("n must be >= 1"), r.err());
  }

  static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}

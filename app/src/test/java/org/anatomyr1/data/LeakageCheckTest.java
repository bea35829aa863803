package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real PNGs: one copied file, one re-encoded brighter copy, one unrelated image; text repeated with permuted options. */
class LeakageCheckTest {
  @TempDir Path dir;

  private void png(String name, IntBinaryOperator grey) throws Exception {
    BufferedImage img = new BufferedImage(72, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 72; x++) {
        int g = grey.applyAsInt(x, y);
        img.setRGB(x, y, (g << 16) | (g << 8) | g);
      }
    }
    ImageIO.write(img, "png", dir.resolve(name).toFile());
  }

  private static String rec(String id, String image, String question, String... options) {
    return "{\"id\":\"" + id + "\",\"image\":\"" + image + "\",\"question\":\"" + question + "\",\"options\":[\""
        + String.join("\",\"", options) + "\"],\"answer_index\":0}\n";
  }

  private Path[] files() throws Exception {
    png("rise.png", (x, y) -> x * 2 + y / 8);                  // brighter to the right
    png("fall.png", (x, y) -> 200 - x * 2);                      // brighter to the left
    png("rise_bright.png", (x, y) -> x * 2 + y / 8 + 12);        // same layout, other bytes
    png("stripes.png", (x, y) -> (x / 8) % 2 == 0 ? 30 : 220);   // unrelated layout
    Files.copy(dir.resolve("rise.png"), dir.resolve("rise_copy.png"));
    Path train = dir.resolve("train.jsonl");
    Files.writeString(train, rec("t1", "rise.png", "Which organ?", "Liver", "Gut")
        + rec("t2", "fall.png", "What is at the top left?", "Liver", "Omentum", "Gut")
        + "{\"id\":\"v9\",\"image\":\"stripes.png\",\"question\":\"held out\",\"options\":[\"a\",\"b\"],\"answer_index\":0,\"split\":\"val\"}\n");
    Path test = dir.resolve("test.jsonl");
    Files.writeString(test, rec("x1", "rise_copy.png", "Q one?", "a", "b")
        + rec("x2", "rise_bright.png", "Q two?", "a", "b")
        + rec("x3", "stripes.png", "what  is at the TOP left?", "Gut", "Liver", "Omentum")
        + rec("x4", "stripes.png", "held out", "a", "b"));
    return new Path[] {train, test};
  }

  @Test
  void findsExactNearAndTextLeaksWithPairs() throws Exception {
    Path[] f = files();
    List<VqaSample> train = new CanonicalJsonl().read(f[0]).samples().stream().filter(TrainSplit::isTrain).toList();
    List<VqaSample> test = new CanonicalJsonl().read(f[1]).samples();
    LeakageCheck.Report r = LeakageCheck.check(train, f[0], null, test, f[1], null);
    assertEquals(List.of(new LeakageCheck.Pair("x1", "t1", 0)), r.exactImages());
    assertEquals(1, r.nearImages().size(), r.toString());
    assertEquals("x2", r.nearImages().get(0).testId());
    assertEquals("t1", r.nearImages().get(0).trainId());
    assertTrue(r.nearImages().get(0).distance() <= LeakageCheck.NEAR_BITS);
    assertEquals(List.of(new LeakageCheck.Pair("x3", "t2", 0)), r.sameText()); // case, spaces, option order folded
    assertEquals(0, r.unreadableImages());
    assertTrue(r.leaks());
    // unrelated layouts are far apart in dHash bits
    var stripes = org.anatomyr1.image.ImageFiles.read(dir.resolve("stripes.png"));
    var rise = org.anatomyr1.image.ImageFiles.read(dir.resolve("rise.png"));
    assertTrue(Long.bitCount(LeakageCheck.dhash(stripes) ^ LeakageCheck.dhash(rise)) > 3 * LeakageCheck.NEAR_BITS);
  }

  @Test
  void cleanSplitReportsNothing() throws Exception {
    Path[] f = files();
    List<VqaSample> test = new CanonicalJsonl().read(f[1]).samples().subList(3, 4); // x4: stripes, only a val item shares it
    List<VqaSample> train = new CanonicalJsonl().read(f[0]).samples().stream().filter(TrainSplit::isTrain).toList();
    LeakageCheck.Report r = LeakageCheck.check(train, f[0], null, test, f[1], null);
    assertFalse(r.leaks(), r.toString());
  }

  @Test
  void dataValidateAgainstReportsAndStrictRefuses() throws Exception {
    Path[] f = files();
    CliCapture.Run v = CliCapture.run("data", "validate", f[1].toString(), "--against", f[0].toString());
    assertEquals(0, v.exit(), v.err());
    assertTrue(v.out().contains("1 of 4 test items share an image file (sha256), 1 a near-duplicate image"), v.out());
    assertTrue(v.out().contains("same question+options: test 'x3' ~ train 't2'"), v.out());
    CliCapture.Run s = CliCapture.run("data", "validate", "--strict", f[1].toString(), "--against", f[0].toString());
    assertNotEquals(0, s.exit());
    assertTrue(s.err().contains("leaks training items"), s.err());
  }

  @Test
  void evalTrainDataReportsBeforeTheModelLoads() throws Exception {
    Path[] f = files();
    // --strict: the leak is refused before the (absent) model is opened
    CliCapture.Run s = CliCapture.run("eval", "--model", dir.resolve("no-model").toString(), "--data", f[1].toString(),
        "--train-data", f[0].toString(), "--strict");
    assertNotEquals(0, s.exit());
    assertTrue(s.out().contains("1 of 4 test items share an image file"), s.out());
    assertTrue(s.err().contains("leaks training items"), s.err());
  }
}

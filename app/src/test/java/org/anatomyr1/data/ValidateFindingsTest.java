// `data validate` reports what later commands would trip over: a 0-record file (exit 2), duplicate ids,
// an image below the processor's minimum (eval and sft used to abort on a 1x1 image) and duplicate options.
package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateFindingsTest {
  @Test
  void emptyFileIsAnError(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("empty.jsonl"), "");
    CliRefusal.assertRefused(List.of(dir), List.of(f + ": 0 records"), "data", "validate", f.toString());
  }

  @Test
  void duplicateIdsTinyImagesAndDuplicateOptionsAreNamed(@TempDir Path dir) throws Exception {
    ImageFiles.writePng(dir.resolve("ok.png"), new RgbImage(56, 56, new byte[56 * 56 * 3]));
    ImageFiles.writePng(dir.resolve("dot.png"), new RgbImage(1, 1, new byte[3]));
    Path f = Files.writeString(dir.resolve("d.jsonl"), """
        {"id":"a","image":"ok.png","question":"Which organ?","options":["liver","gallbladder"],"answer_index":0}
        {"id":"a","image":"ok.png","question":"Which tool?","options":["grasper","hook"],"answer_index":1}
        {"id":"c","image":"dot.png","question":"Which side?","options":["left","right"],"answer_index":1}
        {"id":"d","image":"ok.png","question":"Which side?","options":["left","Left"],"answer_index":1}
        """);
    CliCapture.Run r = CliCapture.run("data", "validate", f.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("record 1 field 'id': duplicate id 'a' (first at record 0)"), r.out());
    assertTrue(r.out().contains("record 2 field 'image'") && r.out().contains("below the image processor's minimum"), r.out());
    assertTrue(r.out().contains("record 3 field 'options': duplicate option 'Left'"), r.out());
  }
}

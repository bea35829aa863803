// `anatomy-r1 forward` on a generated tiny model: writes every documented output with the right
// shapes; bad requests (missing field, image count not matching the pads, unreadable image) exit
// non-zero with a one-line reason instead of a stack trace.
package org.anatomyr1.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.io.SafetensorsFile;
import org.anatomyr1.torchinterop.HostTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardCommandTest {
  static final long SEED = 4L;

  @Test
  void writesAllOutputsAndRejectsBadRequests(@TempDir Path tmp) throws Exception {
    System.out.println("ForwardCommandTest seed " + SEED);
    Path model = GenerateCommandTest.tinyModelDir(tmp.resolve("model"));
    byte[] px = new byte[56 * 84 * 3];
    new Random(SEED).nextBytes(px);
    ImageFiles.writePng(tmp.resolve("a.png"), new RgbImage(56, 84, px)); // grid 1x4x6 -> 6 pads
    StringBuilder pads = new StringBuilder();
    for (int i = 0; i < 6; i++) pads.append(",295");
    Path req = tmp.resolve("req.json");
    Files.writeString(req, "{\"input_ids\":[[291,291,292,10,293" + pads + ",294,11],[292,12,293" + pads + ",294,13,14,15]],"
        + "\"attention_mask\":[[0,0,1,1,1,1,1,1,1,1,1,1,1],[1,1,1,1,1,1,1,1,1,1,1,1,1]],"
        + "\"images\":[\"a.png\",\"a.png\"],\"max_new_tokens\":3}");
    Path out = tmp.resolve("out.safetensors");
    assertEquals(0, Main.run("forward", "--model", model.toString(), "--request", req.toString(), "--out", out.toString()));
    try (SafetensorsFile f = SafetensorsFile.open(out)) {
      assertArrayEquals(new long[] {48, 1176}, f.entry("pixel_values").shape()); // 2 images x 24 patches
      assertArrayEquals(new long[] {1, 4, 6, 1, 4, 6}, HostTensors.toLongs(f.tensor("image_grid_thw")));
      assertArrayEquals(new long[] {12, 48}, f.entry("vision_features").shape());
      assertArrayEquals(new long[] {3, 2, 13}, f.entry("position_ids").shape());
      assertArrayEquals(new long[] {2}, f.entry("rope_deltas").shape());
      assertArrayEquals(new long[] {2, 13, 300}, f.entry("logits").shape());
      assertArrayEquals(new long[] {2, 3}, f.entry("generated_ids").shape());
    }

    Files.writeString(req, "{\"attention_mask\":[[1]]}");
    assertFails(model, req, out, "input_ids");
    Files.writeString(req, "{\"input_ids\":[[292,293" + pads + ",294]],\"images\":[\"a.png\",\"a.png\"]}");
    assertFails(model, req, out, "image");
    Files.writeString(req, "{\"input_ids\":[[292,293" + pads + ",294]],\"images\":[\"missing.png\"]}");
    assertFails(model, req, out, "missing.png");
    // issue 12: empty, all-padding and image-pad-count mistakes are one line naming the request
    Files.writeString(req, "{\"input_ids\":[[]]}");
    assertFails(model, req, out, req + ": input_ids rows are empty");
    Files.writeString(req, "{\"input_ids\":[[292,10],[292,11]],\"attention_mask\":[[1,1],[0,0]]}");
    assertFails(model, req, out, req + ": row 1 of attention_mask is all padding");
    Files.writeString(req, "{\"input_ids\":[[292,293" + pads + ",294,293" + pads + ",294]],\"images\":[\"a.png\"]}");
    assertFails(model, req, out, "hold 2 image-pad block(s) (token 295) but 'images' lists 1 image(s)");
  }

  static void assertFails(Path model, Path req, Path out, String fragment) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc;
    try {
      System.setErr(new PrintStream(err, true));
      rc = Main.run("forward", "--model", model.toString(), "--request", req.toString(), "--out", out.toString());
    } finally {
      System.setErr(old);
    }
    String msg = err.toString();
    System.out.println("forward error: " + msg.strip());
    assertTrue(rc != 0, "non-zero exit");
    assertTrue(msg.contains(fragment), "'" + fragment + "' in: " + msg);
    assertEquals(1, msg.strip().lines().count(), "one line: " + msg);
  }
}

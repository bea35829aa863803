package org.anatomyr1.image;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  static final long SEED = 20261122L;
  @TempDir Path dir;

  static RgbImage random(int h, int w, long seed) {
    byte[] b = new byte[h * w * 3];
    new SplittableRandom(seed).nextBytes(b);
    return new RgbImage(h, w, b);
  }

  @Test
  void pngRoundTripIsLosslessAndDeterministic() {
    RgbImage img = random(37, 53, SEED); // odd sizes
    byte[] a = ImageFiles.encodePng(img);
    byte[] b = ImageFiles.encodePng(img.copy());
    assertArrayEquals(a, b, "seed " + SEED);
    assertEquals(img, ImageFiles.decode(a, "mem"), "seed " + SEED);
    ImageFiles.writePng(dir.resolve("sub/x.png"), img);
    assertEquals(img, ImageFiles.read(dir.resolve("sub/x.png")));
  }

  @Test
  void greyAndAlphaDecodeToRgb() throws IOException {
    BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(1, 2, 0, 200);
    RgbImage g = ImageFiles.decode(png(grey), "grey");
    assertEquals(3, g.height());
    assertEquals(4, g.width());
    for (int c = 0; c < 3; c++) assertEquals(200, g.get(2, 1, c), "grey becomes R=G=B");
    assertEquals(0, g.get(0, 0, 0));

    BufferedImage grey16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    grey16.getRaster().setSample(1, 0, 0, 0xABCD);
    assertEquals(0xAB, ImageFiles.decode(png(grey16), "grey16").get(0, 1, 1), "16-bit grey keeps the high byte");

    BufferedImage argb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(1, 0, (0x40 << 24) | (10 << 16) | (20 << 8) | 30);
    RgbImage a = ImageFiles.decode(png(argb), "alpha");
    assertEquals(10, a.get(0, 1, 0));
    assertEquals(20, a.get(0, 1, 1));
    assertEquals(30, a.get(0, 1, 2), "alpha dropped, colour kept (PIL convert('RGB'))");
  }

  @Test
  void corruptAndMissingFilesNameTheFile() throws IOException {
    Path bad = dir.resolve("bad.png");
    Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageFiles.read(bad));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    Path text = dir.resolve("t.png");
    Files.writeString(text, "hello");
    assertTrue(assertThrows(ImageDecodeException.class, () -> ImageFiles.read(text)).getMessage().contains("not a supported image"));
    assertTrue(assertThrows(ImageDecodeException.class, () -> ImageFiles.read(dir.resolve("no.png"))).getMessage().contains("no such image"));
  }

  @Test
  void floatConversionRoundsHalfUpAndClamps() {
    RgbImage img = RgbImage.fromFloats(1, 1, new float[] {-0.5f, 0.5f, 2f});
    assertEquals(0, img.get(0, 0, 0));
    assertEquals(128, img.get(0, 0, 1)); // 127.5 + 0.5 -> 128
    assertEquals(255, img.get(0, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new byte[5]));
  }

  static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bos);
    return bos.toByteArray();
  }
}

// Decoding through OpenCV: a CMYK JPEG (Adobe, as Pillow writes it) decodes to the colours of a reference
// decoder; palette and 16-bit colour PNGs decode like PIL's convert("RGB"); a header that declares more
// than image.max_pixels fails before any pixel is decoded, naming the file.
package org.anatomyr1.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenCvDecodeTest {
  /**
   * Mean R, G, B of test/resources/images/cmyk.jpg as Pillow 12.3 decodes it (Image.open().convert("RGB")),
   * the reference decoder; the 48x32 source had blocks of (109+y,51,51), (20,120+2y,140), (230,200-y,40+x).
   * javax.imageio decoded such files to visibly wrong colours (issue 12).
   */
  static final double[] PILLOW_MEAN = {124.833, 128.833, 90.167};

  @Test
  void cmykJpegDecodesToTheReferenceColours() throws Exception {
    byte[] bytes;
    try (var in = OpenCvDecodeTest.class.getResourceAsStream("/images/cmyk.jpg")) {
      bytes = in.readAllBytes();
    }
    RgbImage img = ImageFiles.decode(bytes, "cmyk.jpg");
    assertEquals(32, img.height());
    assertEquals(48, img.width());
    double[] mean = new double[3];
    for (int y = 0; y < 32; y++) for (int x = 0; x < 48; x++) for (int c = 0; c < 3; c++) mean[c] += img.get(y, x, c);
    for (int c = 0; c < 3; c++) mean[c] /= 32 * 48;
    System.out.printf(java.util.Locale.ROOT, "cmyk.jpg mean RGB %.3f %.3f %.3f (Pillow %.3f %.3f %.3f)%n", mean[0], mean[1],
        mean[2], PILLOW_MEAN[0], PILLOW_MEAN[1], PILLOW_MEAN[2]);
    for (int c = 0; c < 3; c++) {
      assertTrue(Math.abs(mean[c] - PILLOW_MEAN[c]) <= 3, "channel " + c + ": " + mean[c] + " vs Pillow " + PILLOW_MEAN[c]);
    }
    // the dark-red block is dark red (not the pink a wrong CMYK path gives)
    assertTrue(img.get(5, 5, 0) > 90 && img.get(5, 5, 0) < 140 && img.get(5, 5, 1) < 80, "pixel " + img.get(5, 5, 0));
  }

  @Test
  void paletteAndSixteenBitPngs() throws IOException {
    byte[] r = {10, (byte) 200}, g = {20, 100}, b = {30, 50};
    BufferedImage pal = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b));
    pal.getRaster().setSample(1, 1, 0, 1);
    RgbImage p = ImageFiles.decode(png(pal), "palette");
    assertEquals(10, p.get(0, 0, 0));
    assertEquals(200, p.get(1, 1, 0));
    assertEquals(100, p.get(1, 1, 1));
    assertEquals(50, p.get(1, 1, 2));

    BufferedImage rgb16 = new BufferedImage(new java.awt.image.ComponentColorModel(
        java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), false, false,
        java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT),
        java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_USHORT, 2, 2, 3, null), false, null);
    rgb16.getRaster().setPixel(1, 0, new int[] {0xAB12, 0x0100, 0xFFFF});
    RgbImage s = ImageFiles.decode(png(rgb16), "rgb16");
    assertEquals(0xAB, s.get(0, 1, 0), "16-bit keeps the high byte");
    assertEquals(0x01, s.get(0, 1, 1));
    assertEquals(0xFF, s.get(0, 1, 2));
  }

  @Test
  void hugeDeclaredSizeFailsBeforeDecoding(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("huge.png");
    Files.write(f, pngHeaderOnly(20000, 20000));
    assertTrue(Files.size(f) < 300);
    long t0 = System.nanoTime();
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageFiles.read(f));
    assertTrue(e.getMessage().startsWith(f + ": header declares 20000x20000 = 400000000 pixels, above image.max_pixels"),
        e.getMessage());
    assertTrue((System.nanoTime() - t0) < 2_000_000_000L, "fails at the header");
    // a custom cap applies too, and a JPEG header is read the same way
    assertThrows(ImageDecodeException.class, () -> ImageFiles.decode(pngHeaderOnly(100, 100), "x", 9_999));
    byte[] jpeg;
    try (var in = OpenCvDecodeTest.class.getResourceAsStream("/images/cmyk.jpg")) {
      jpeg = in.readAllBytes();
    }
    ImageDecodeException j = assertThrows(ImageDecodeException.class, () -> ImageFiles.decode(jpeg, "cmyk.jpg", 48 * 32 - 1));
    assertTrue(j.getMessage().contains("48x32"), j.getMessage());
  }

  static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, "png", b));
    return b.toByteArray();
  }

  /** A PNG signature, an IHDR declaring w x h (8-bit RGB), a tiny IDAT and IEND: a few hundred bytes. */
  static byte[] pngHeaderOnly(int w, int h) {
    ByteBuffer bb = ByteBuffer.allocate(8 + 25 + 12 + 16 + 12);
    bb.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    chunk(bb, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0)
        .put((byte) 0).put((byte) 0).array());
    chunk(bb, "IDAT", new byte[] {0x78, (byte) 0x9c, 3, 0, 0, 0, 0, 1});
    chunk(bb, "IEND", new byte[0]);
    byte[] out = new byte[bb.position()];
    bb.flip().get(out);
    return out;
  }

  private static void chunk(ByteBuffer bb, String type, byte[] data) {
    bb.putInt(data.length);
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    bb.put(t).put(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    bb.putInt((int) crc.getValue());
  }
}

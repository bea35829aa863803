// PNG/JPEG/BMP decoding into RgbImage through OpenCV's imdecode (CMYK/YCCK JPEGs, 16-bit and palette
// PNGs), after checking the declared size against image.max_pixels; deterministic PNG encoding
// through javax.imageio. Every error names the file.
package org.anatomyr1.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

public final class ImageFiles {
  private ImageFiles() {}

  static {
    ImageIO.setUseCache(false); // no temp files; decoding happens in memory
  }

  /** Reads and decodes; an unreadable or corrupt file throws {@link ImageDecodeException} naming it. */
  public static RgbImage read(Path file) {
    return read(file, ImageLimits.DEFAULT_MAX_PIXELS);
  }

  /** The same with a cap on the declared width x height, checked before decoding. */
  public static RgbImage read(Path file, long maxPixels) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ImageDecodeException(file + ": no such image file");
    } catch (IOException e) {
      throw new ImageDecodeException(file + ": cannot read image (" + e.getMessage() + ")");
    }
    return decode(bytes, file.toString(), maxPixels);
  }

  /** Decodes PNG/JPEG/BMP/GIF bytes; grey becomes R=G=B, alpha is dropped (like PIL convert("RGB")). */
  public static RgbImage decode(byte[] bytes, String what) {
    return decode(bytes, what, ImageLimits.DEFAULT_MAX_PIXELS);
  }

  /** The same with the image.max_pixels cap, checked on the header before any pixel is decoded. */
  public static RgbImage decode(byte[] bytes, String what, long maxPixels) {
    ImageLimits.check(bytes, maxPixels, what);
    if (bytes.length >= 3 && bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') return decodeImageIo(bytes, what);
    RgbImage img;
    try {
      img = OpenCvDecoder.decode(bytes);
    } catch (RuntimeException e) {
      throw new ImageDecodeException(what + ": corrupt or unsupported image (" + e.getMessage() + ")");
    }
    if (img == null) throw new ImageDecodeException(what + ": not a supported image format or a corrupt file (PNG, JPEG, BMP, GIF)");
    return img;
  }

  /** GIF (OpenCV's GIF reader is not in every build): through javax.imageio. */
  private static RgbImage decodeImageIo(byte[] bytes, String what) {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(what + ": corrupt or unsupported image (" + e.getMessage() + ")");
    }
    if (img == null) throw new ImageDecodeException(what + ": not a supported image format (PNG, JPEG, BMP, GIF)");
    return fromBuffered(img);
  }

  /**
   * Converts any BufferedImage: palette and colour through the colour model; grey (with or without
   * alpha) from the raw samples, because Java's grey colour space is linear and getRGB would
   * brighten it (200 -> 229), unlike PIL, which copies L into R, G and B.
   */
  public static RgbImage fromBuffered(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    byte[] out = new byte[h * w * 3];
    var raster = img.getRaster();
    int bands = raster.getNumBands();
    if (bands <= 2 && !(img.getColorModel() instanceof java.awt.image.IndexColorModel)) {
      int bits = img.getColorModel().getComponentSize(0);
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int v = bits > 8 ? row[x] >> (bits - 8) : bits < 8 ? row[x] * 255 / ((1 << bits) - 1) : row[x];
          int o = (y * w + x) * 3;
          out[o] = out[o + 1] = out[o + 2] = (byte) v;
        }
      }
      return new RgbImage(h, w, out);
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w); // sRGB ARGB; alpha ignored
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int o = (y * w + x) * 3;
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return new RgbImage(h, w, out);
  }

  public static BufferedImage toBuffered(RgbImage image) {
    int h = image.height();
    int w = image.width();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] d = image.data();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        row[x] = ((d[o] & 0xFF) << 16) | ((d[o + 1] & 0xFF) << 8) | (d[o + 2] & 0xFF);
      }
      img.setRGB(0, y, w, 1, row, 0, w);
    }
    return img;
  }

  /** PNG bytes; the ImageIO PNG writer adds no timestamp, so equal images give equal bytes. */
  public static byte[] encodePng(RgbImage image) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(toBuffered(image), "png", bos)) throw new IllegalStateException("no PNG writer");
    } catch (IOException e) {
      throw new IllegalStateException("PNG encoding failed: " + e.getMessage(), e);
    }
    return bos.toByteArray();
  }

  public static void writePng(Path file, RgbImage image) {
    try {
      org.anatomyr1.io.DurableFiles.write(file, encodePng(image));
    } catch (java.io.UncheckedIOException e) {
      throw new ImageDecodeException(file + ": cannot write image (" + e.getCause().getMessage() + ")");
    }
  }
}

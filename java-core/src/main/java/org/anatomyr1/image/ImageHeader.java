// Reads the width and height an image file declares from its header bytes (PNG IHDR, JPEG SOFn,
// BMP, GIF), without decoding, for the image.max_pixels check.
package org.anatomyr1.image;

final class ImageHeader {
  private ImageHeader() {}

  /** {width, height}, or null when the format is not one of PNG, JPEG, BMP, GIF or the header is cut short. */
  static long[] declaredSize(byte[] b) {
    if (b.length >= 4 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
        throw new ImageDecodeException("corrupt PNG (no IHDR chunk first)");
      }
      return new long[] {u32be(b, 16), u32be(b, 20)}; // IHDR is the first chunk: width, height
    }
    if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) return jpeg(b);
    if (b.length >= 26 && b[0] == 'B' && b[1] == 'M') {
      return new long[] {Math.abs((long) i32le(b, 18)), Math.abs((long) i32le(b, 22))}; // height < 0: top-down
    }
    if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return new long[] {u16le(b, 6), u16le(b, 8)};
    }
    return null;
  }

  /** Walks the JPEG markers to the first start-of-frame (SOF0..SOF15 except DHT, JPG and DAC). */
  private static long[] jpeg(byte[] b) {
    int i = 2;
    while (i + 4 <= b.length) {
      if ((b[i] & 0xFF) != 0xFF) return null;
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) { // no length field
        i += 2;
        continue;
      }
      int len = u16be(b, i + 2);
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        if (i + 9 > b.length) return null;
        return new long[] {u16be(b, i + 7), u16be(b, i + 5)}; // precision, height, width
      }
      if (marker == 0xDA || len < 2) return null; // scan data before a frame header: not ours to judge
      i += 2 + len;
    }
    return null;
  }

  private static long u32be(byte[] b, int o) {
    return ((long) (b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
  }

  private static int u16be(byte[] b, int o) {
    return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
  }

  private static int u16le(byte[] b, int o) {
    return (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8);
  }

  private static int i32le(byte[] b, int o) {
    return (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) | ((b[o + 2] & 0xFF) << 16) | (b[o + 3] << 24);
  }
}

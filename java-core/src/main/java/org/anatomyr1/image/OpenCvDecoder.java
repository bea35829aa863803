// Image decoding through OpenCV's imdecode (Bytedeco presets): CMYK and YCCK JPEGs, 8/16-bit, palette,
// grey and alpha PNGs, BMP, all to 8-bit RGB the way PIL's convert("RGB") does (grey copied into R=G=B,
// 16-bit keeps the high byte, alpha dropped, EXIF orientation not applied).
package org.anatomyr1.image;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

final class OpenCvDecoder {
  private OpenCvDecoder() {}

  /** Decodes {@code bytes}; null when OpenCV recognises no image in them. */
  static RgbImage decode(byte[] bytes) {
    try (BytePointer p = new BytePointer(bytes);
        Mat buf = new Mat(1, bytes.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, p);
        Mat bgr = opencv_imgcodecs.imdecode(buf, opencv_imgcodecs.IMREAD_COLOR | opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION)) {
      if (bgr == null || bgr.empty()) return null;
      if (bgr.type() != org.bytedeco.opencv.global.opencv_core.CV_8UC3 || !bgr.isContinuous()) {
        throw new IllegalStateException("OpenCV returned type " + bgr.type() + ", expected 8-bit BGR");
      }
      int h = bgr.rows();
      int w = bgr.cols();
      byte[] out = new byte[h * w * 3];
      bgr.data().get(out);
      for (int i = 0; i < out.length; i += 3) { // BGR -> RGB
        byte t = out[i];
        out[i] = out[i + 2];
        out[i + 2] = t;
      }
      return new RgbImage(h, w, out);
    }
  }
}

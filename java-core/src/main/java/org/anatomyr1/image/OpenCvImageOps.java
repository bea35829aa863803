// The pixel operations of the GDQA visual transforms on OpenCV (Gaussian blur, integer translation
// with replicated borders, a per-value lookup table), on RgbImage [H, W, 3] u8. Each op is
// per-channel, so the RGB order passes through unchanged. The plain-Java twins stay in the transform
// classes as references for the tests.
package org.anatomyr1.image;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

public final class OpenCvImageOps {
  private OpenCvImageOps() {}

  /** Separable Gaussian blur with a (2r+1)^2 kernel, r = ceil(3 sigma), edges replicated. */
  public static RgbImage gaussianBlur(RgbImage image, double sigma) {
    int r = Math.max(1, (int) Math.ceil(3 * sigma));
    try (Mat src = toMat(image); Mat dst = new Mat(); Size k = new Size(2 * r + 1, 2 * r + 1)) {
      opencv_imgproc.GaussianBlur(src, dst, k, sigma, sigma, opencv_core.BORDER_REPLICATE, opencv_core.ALGO_HINT_DEFAULT);
      return fromMat(dst);
    }
  }

  /** out(y, x) = in(clamp(y - dy), clamp(x - dx)): a whole-pixel shift, borders repeat the edge. */
  public static RgbImage translate(RgbImage image, int dx, int dy) {
    int h = image.height();
    int w = image.width();
    try (Mat src = toMat(image); Mat dst = new Mat()) {
      int top = Math.max(0, dy), bottom = Math.max(0, -dy), left = Math.max(0, dx), right = Math.max(0, -dx);
      try (Mat padded = new Mat(); Scalar zero = new Scalar(0.0)) {
        opencv_core.copyMakeBorder(src, padded, top, bottom, left, right, opencv_core.BORDER_REPLICATE, zero);
        // the shifted frame is the window of the padded image that starts where the original did, moved back
        try (org.bytedeco.opencv.opencv_core.Rect roi = new org.bytedeco.opencv.opencv_core.Rect(right, bottom, w, h);
            Mat view = new Mat(padded, roi)) {
          view.copyTo(dst);
        }
      }
      return fromMat(dst);
    }
  }

  /** dst = table[src] for every byte. */
  public static RgbImage lookup(RgbImage image, byte[] table) {
    if (table.length != 256) throw new IllegalArgumentException("lookup table must have 256 entries, got " + table.length);
    try (Mat src = toMat(image); Mat dst = new Mat(); BytePointer t = new BytePointer(table);
        Mat lut = new Mat(1, 256, opencv_core.CV_8UC1, t)) {
      opencv_core.LUT(src, lut, dst);
      return fromMat(dst);
    }
  }

  static Mat toMat(RgbImage image) {
    Mat m = new Mat(image.height(), image.width(), opencv_core.CV_8UC3);
    m.data().put(image.data());
    return m;
  }

  static RgbImage fromMat(Mat m) {
    if (m.type() != opencv_core.CV_8UC3 || !m.isContinuous()) {
      throw new IllegalStateException("expected a continuous 8-bit 3-channel image, got type " + m.type());
    }
    byte[] out = new byte[m.rows() * m.cols() * 3];
    m.data().get(out);
    return new RgbImage(m.rows(), m.cols(), out);
  }
}

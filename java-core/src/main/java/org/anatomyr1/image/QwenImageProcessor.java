// transformers' Qwen2VLImageProcessor, slow (Pillow) path: smart_resize, Pillow-exact bicubic,
// rescale (u8 * 1/255 in double, then float32), normalize with the CLIP mean/std in float32,
// temporal duplication and patch flattening into pixel_values [sum patches, C*tp*p*p] + image_grid_thw.
package org.anatomyr1.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;

public final class QwenImageProcessor {

  /** preprocessor_config.json values (defaults: transformers' Qwen2VLImageProcessor). */
  public record Settings(
      long minPixels,
      long maxPixels,
      int patchSize,
      int temporalPatchSize,
      int mergeSize,
      double[] imageMean,
      double[] imageStd,
      double rescaleFactor,
      boolean doResize,
      boolean doRescale,
      boolean doNormalize) {
    public Settings {
      if (minPixels <= 0 || maxPixels < minPixels) {
        throw new IllegalArgumentException("preprocessor config: min_pixels/max_pixels must satisfy 0 < min <= max, got "
            + minPixels + "/" + maxPixels);
      }
      if (patchSize <= 0 || temporalPatchSize <= 0 || mergeSize <= 0) {
        throw new IllegalArgumentException("preprocessor config: patch_size, temporal_patch_size, merge_size must be > 0");
      }
      if (imageMean.length != 3 || imageStd.length != 3) {
        throw new IllegalArgumentException("preprocessor config: image_mean and image_std need 3 values");
      }
      for (double s : imageStd) {
        if (!(s > 0)) throw new IllegalArgumentException("preprocessor config: image_std values must be > 0");
      }
      imageMean = imageMean.clone();
      imageStd = imageStd.clone();
    }

    public static Settings defaults() {
      return new Settings(56 * 56, 28L * 28 * 1280, 14, 2, 2,
          new double[] {0.48145466, 0.4578275, 0.40821073}, new double[] {0.26862954, 0.26130258, 0.27577711},
          1.0 / 255, true, true, true);
    }

    public static Settings read(Path preprocessorConfig) {
      JsonNode n;
      try {
        n = new ObjectMapper().readTree(Files.readString(preprocessorConfig));
      } catch (IOException e) {
        throw new IllegalArgumentException(preprocessorConfig + ": cannot read: " + e.getMessage(), e);
      }
      if (n == null || !n.isObject()) throw new IllegalArgumentException(preprocessorConfig + ": not a JSON object");
      Settings d = defaults();
      JsonNode size = n.path("size");
      long min = n.has("min_pixels") ? n.get("min_pixels").asLong()
          : size.has("shortest_edge") ? size.get("shortest_edge").asLong() : d.minPixels;
      long max = n.has("max_pixels") ? n.get("max_pixels").asLong()
          : size.has("longest_edge") ? size.get("longest_edge").asLong() : d.maxPixels;
      try {
        return new Settings(min, max,
            n.path("patch_size").asInt(d.patchSize),
            n.path("temporal_patch_size").asInt(d.temporalPatchSize),
            n.path("merge_size").asInt(d.mergeSize),
            doubles(n.get("image_mean"), d.imageMean),
            doubles(n.get("image_std"), d.imageStd),
            n.path("rescale_factor").asDouble(d.rescaleFactor),
            n.path("do_resize").asBoolean(true),
            n.path("do_rescale").asBoolean(true),
            n.path("do_normalize").asBoolean(true));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(preprocessorConfig + ": " + e.getMessage(), e);
      }
    }

    private static double[] doubles(JsonNode n, double[] dflt) {
      if (n == null) return dflt;
      double[] out = new double[n.size()];
      for (int i = 0; i < out.length; i++) out[i] = n.get(i).asDouble();
      return out;
    }
  }

  /** pixel_values rows of all images (concatenated), their column count, and one grid row per image. */
  public record Result(float[] pixelValues, int rows, int cols, long[][] gridThw) {
    public Tensor pixelValuesTensor() {
      return HostTensors.floats(pixelValues, rows, cols);
    }

    public Tensor gridTensor() {
      long[] flat = new long[gridThw.length * 3];
      for (int i = 0; i < gridThw.length; i++) System.arraycopy(gridThw[i], 0, flat, i * 3, 3);
      return HostTensors.longs(flat, gridThw.length, 3);
    }

    /** Merged tokens (image pads) of image i: t*h*w / merge^2. */
    public long tokens(int i, int merge) {
      return gridThw[i][0] * gridThw[i][1] * gridThw[i][2] / ((long) merge * merge);
    }
  }

  private final Settings settings;

  /** The image processor of a model directory (preprocessor_config.json, or transformers' defaults). */
  public static QwenImageProcessor forModelDir(Path modelDir) {
    Path p = modelDir.resolve("preprocessor_config.json");
    return new QwenImageProcessor(Files.exists(p) ? Settings.read(p) : Settings.defaults());
  }

  public QwenImageProcessor(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** {height, width} after smart_resize. */
  public int[] targetSize(int height, int width) {
    if (!settings.doResize) return new int[] {height, width};
    return SmartResize.targetSize(height, width, settings.patchSize * settings.mergeSize, settings.minPixels,
        settings.maxPixels);
  }

  /** The uint8 image after smart_resize + Pillow bicubic. */
  public byte[] resized(RgbImage img) {
    int[] hw = targetSize(img.height(), img.width());
    return PillowBicubicResize.resize(img.data(), img.height(), img.width(), 3, hw[0], hw[1]);
  }

  public Result process(List<RgbImage> images) {
    int cols = 3 * settings.temporalPatchSize * settings.patchSize * settings.patchSize;
    float[][] parts = new float[images.size()][];
    long[][] grid = new long[images.size()][];
    int rows = 0;
    for (int i = 0; i < images.size(); i++) {
      RgbImage img = images.get(i);
      int[] hw;
      byte[] resized;
      try {
        hw = targetSize(img.height(), img.width());
        resized = PillowBicubicResize.resize(img.data(), img.height(), img.width(), 3, hw[0], hw[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("image " + i + ": " + e.getMessage(), e);
      }
      float[] chw = normalizedChw(resized, hw[0], hw[1]);
      parts[i] = PatchFlattener.flattenStill(chw, 3, hw[0], hw[1], settings.patchSize, settings.temporalPatchSize,
          settings.mergeSize);
      grid[i] = new long[] {1, hw[0] / settings.patchSize, hw[1] / settings.patchSize};
      rows += parts[i].length / cols;
    }
    float[] all = new float[rows * cols];
    int off = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, off, p.length);
      off += p.length;
    }
    return new Result(all, rows, cols, grid);
  }

  /** HWC uint8 -> CHW float32: x = float32(u8 * rescale) then (x - mean) / std in float32. */
  float[] normalizedChw(byte[] hwc, int h, int w) {
    float[] out = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      float mean = (float) settings.imageMean[c];
      float std = (float) settings.imageStd[c];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int u8 = hwc[(y * w + x) * 3 + c] & 0xff;
          float v = settings.doRescale ? (float) (u8 * settings.rescaleFactor) : u8;
          if (settings.doNormalize) v = (v - mean) / std;
          out[(c * h + y) * w + x] = v;
        }
      }
    }
    return out;
  }
}

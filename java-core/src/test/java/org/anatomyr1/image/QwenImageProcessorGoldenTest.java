// The image processor against golden case a (transformers' slow Qwen2-VL processor + Pillow 9.4):
// grid exact, resized uint8 image bit-exact, pixel_values within 1e-6 absolute.
package org.anatomyr1.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.model.GoldenData;
import org.anatomyr1.model.Tolerances;
import org.anatomyr1.model.io.SafetensorsFile;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class QwenImageProcessorGoldenTest {
  static RgbImage pixels(SafetensorsFile f, String name) {
    Tensor t = f.tensor(name); // [h, w, 3] uint8
    return new RgbImage((int) t.size(0), (int) t.size(1), f.bytes(name));
  }

  @Test
  void matchesCaseA() {
    Path dir = GoldenData.tinyA();
    QwenImageProcessor proc = new QwenImageProcessor(QwenImageProcessor.Settings.read(dir.resolve("preprocessor_config.json")));
    try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("case_a_preprocess.safetensors"))) {
      List<RgbImage> images = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RgbImage img = pixels(f, "image_" + i + "_rgb");
        images.add(img);
        byte[] resized = proc.resized(img);
        byte[] ref = f.bytes("image_" + i + "_resized_rgb");
        int maxDiff = 0;
        for (int k = 0; k < ref.length; k++) maxDiff = Math.max(maxDiff, Math.abs((resized[k] & 0xff) - (ref[k] & 0xff)));
        System.out.println("image " + i + " resized max |uint8 diff| = " + maxDiff);
        assertArrayEquals(ref, resized, "Pillow bicubic of image " + i);
      }
      QwenImageProcessor.Result r = proc.process(images);
      assertArrayEquals(HostTensors.toLongs(f.tensor("image_grid_thw")), HostTensors.toLongs(r.gridTensor()));
      float[] ref = HostTensors.toFloats(f.tensor("pixel_values"));
      assertEquals(ref.length, r.pixelValues().length);
      double err = Tolerances.maxAbsError(r.pixelValues(), ref);
      System.out.printf("parity pixel_values max abs error %.3e%n", err);
      assertTrue(err <= Tolerances.PIXEL_VALUES_MAX_ABS, "pixel_values max abs error " + err);
    }
  }
}

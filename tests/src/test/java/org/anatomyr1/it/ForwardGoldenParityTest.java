// Acceptance check of issue 3: `anatomy-r1 forward --model <golden> --request <golden>/request.json
// --out OUT` reproduces the golden tensors of every shared/golden/qwen2_5_vl_* directory (tiny_a and
// any further configuration laid out the same way) within the tolerances of shared/golden/README.md.
package org.anatomyr1.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.anatomyr1.cli.Main;
import org.anatomyr1.model.io.SafetensorsFile;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class ForwardGoldenParityTest {
  // shared/golden/README.md "Suggested tolerances (fp32)"
  static final double PIXEL_MAX_ABS = 1e-6;
  static final double VISION_REL = 1e-5;
  static final double LOGITS_REL = 2e-5;

  static List<Path> goldenDirs() throws IOException {
    String shared = System.getProperty("ar1.shared");
    Assumptions.assumeTrue(shared != null, "system property ar1.shared not set: golden data unavailable");
    Path root = Path.of(shared, "golden");
    Assumptions.assumeTrue(Files.isDirectory(root), "golden directory missing: " + root);
    try (Stream<Path> s = Files.list(root)) {
      List<Path> dirs = s.filter(d -> d.getFileName().toString().startsWith("qwen2_5_vl_"))
          .filter(d -> Files.exists(d.resolve("request.json"))).sorted().toList();
      Assumptions.assumeFalse(dirs.isEmpty(), "no qwen2_5_vl_* golden case with request.json under " + root);
      return dirs;
    }
  }

  @TestFactory
  Stream<DynamicTest> forwardCommandReproducesGoldenTensors(@TempDir Path tmp) throws IOException {
    return goldenDirs().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> check(dir, tmp.resolve(dir.getFileName() + ".safetensors"))));
  }

  static void check(Path dir, Path out) {
    System.out.println("golden case " + dir);
    int rc = Main.run("forward", "--model", dir.toString(), "--request", dir.resolve("request.json").toString(),
        "--out", out.toString());
    assertEquals(0, rc, "forward exit code");
    try (SafetensorsFile got = SafetensorsFile.open(out);
        SafetensorsFile a = SafetensorsFile.open(dir.resolve("case_a_preprocess.safetensors"));
        SafetensorsFile c = SafetensorsFile.open(dir.resolve("case_c_batch_forward.safetensors"));
        SafetensorsFile d = SafetensorsFile.open(dir.resolve("case_d_greedy.safetensors"))) {
      // pixel values: the case-a rows of the batch images, concatenated
      long[] offsets = HostTensors.toLongs(a.tensor("pixel_values_row_offsets"));
      float[] allPixels = HostTensors.toFloats(a.tensor("pixel_values"));
      int cols = (int) a.tensor("pixel_values").size(1);
      float[] refPixels = new float[0];
      for (long img : HostTensors.toLongs(c.tensor("batch_image_indices"))) {
        float[] part = Arrays.copyOfRange(allPixels, (int) offsets[(int) img] * cols, (int) offsets[(int) img + 1] * cols);
        float[] joined = Arrays.copyOf(refPixels, refPixels.length + part.length);
        System.arraycopy(part, 0, joined, refPixels.length, part.length);
        refPixels = joined;
      }
      double pixErr = maxAbs(HostTensors.toFloats(got.tensor("pixel_values")), refPixels);
      report("pixel_values (max abs)", pixErr, PIXEL_MAX_ABS);

      assertArrayEquals(HostTensors.toLongs(c.tensor("image_grid_thw")), HostTensors.toLongs(got.tensor("image_grid_thw")),
          "image_grid_thw");
      report("vision_features", rel(HostTensors.toFloats(got.tensor("vision_features")),
          HostTensors.toFloats(c.tensor("image_features"))), VISION_REL);
      assertArrayEquals(HostTensors.toLongs(c.tensor("position_ids")), HostTensors.toLongs(got.tensor("position_ids")),
          "position_ids");
      assertArrayEquals(HostTensors.toLongs(c.tensor("rope_deltas")), HostTensors.toLongs(got.tensor("rope_deltas")),
          "rope_deltas");

      Tensor logits = got.tensor("logits");
      long[] mask = HostTensors.toLongs(c.tensor("attention_mask"));
      float[] g = HostTensors.toFloats(logits);
      float[] r = HostTensors.toFloats(c.tensor("logits"));
      int v = (int) logits.size(2);
      double maxDiff = 0, maxRef = 0;
      for (int pos = 0; pos < mask.length; pos++) {
        if (mask[pos] != 1) continue;
        int best = 0, refBest = 0;
        for (int k = 0; k < v; k++) {
          int i = pos * v + k;
          maxDiff = Math.max(maxDiff, Math.abs((double) g[i] - r[i]));
          maxRef = Math.max(maxRef, Math.abs(r[i]));
          if (g[i] > g[pos * v + best]) best = k;
          if (r[i] > r[pos * v + refBest]) refBest = k;
        }
        assertEquals(refBest, best, "argmax at flat position " + pos);
      }
      report("logits (valid positions)", maxDiff / maxRef, LOGITS_REL);
      assertArrayEquals(HostTensors.toLongs(d.tensor("generated_ids")), HostTensors.toLongs(got.tensor("generated_ids")),
          "generated_ids");
    }
  }

  static void report(String what, double err, double tol) {
    System.out.printf("forward parity %-26s %.3e (tolerance %.0e)%n", what, err, tol);
    assertTrue(err <= tol, what + ": error " + err + " > " + tol);
  }

  static double maxAbs(float[] got, float[] ref) {
    assertEquals(ref.length, got.length, "length");
    double m = 0;
    for (int i = 0; i < ref.length; i++) m = Math.max(m, Math.abs((double) got[i] - ref[i]));
    return m;
  }

  static double rel(float[] got, float[] ref) {
    assertEquals(ref.length, got.length, "length");
    double d = 0, m = 0;
    for (int i = 0; i < ref.length; i++) {
      d = Math.max(d, Math.abs((double) got[i] - ref[i]));
      m = Math.max(m, Math.abs(ref[i]));
    }
    return d / m;
  }
}

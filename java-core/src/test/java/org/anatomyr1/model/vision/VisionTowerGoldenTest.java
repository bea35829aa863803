// Vision tower against golden case b (transformers, fp32): window index and segments exact, patch
// embedding, rotary angles and merged features within 1e-5 relative, fed the stored pixel_values.
package org.anatomyr1.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.anatomyr1.model.GoldenData;
import org.anatomyr1.model.Tolerances;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.model.io.CheckpointDirectory;
import org.anatomyr1.model.io.SafetensorsFile;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class VisionTowerGoldenTest {
  static long[][] grids(Tensor t) {
    long[] flat = HostTensors.toLongs(t);
    long[][] g = new long[flat.length / 3][];
    for (int i = 0; i < g.length; i++) g[i] = new long[] {flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]};
    return g;
  }

  static long[] toLong(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }

  @Test
  @SuppressWarnings("try") // the scope frees the forward's temporaries
  void matchesCaseB() {
    Path dir = GoldenData.tinyA();
    Qwen25VlConfig config = Qwen25VlConfig.read(dir.resolve("config.json"));
    try (PointerScope scope = new PointerScope();
        CheckpointDirectory ckpt = CheckpointDirectory.open(dir);
        SafetensorsFile a = SafetensorsFile.open(dir.resolve("case_a_preprocess.safetensors"));
        SafetensorsFile b = SafetensorsFile.open(dir.resolve("case_b_vision.safetensors"))) {
      ModelWeights weights = ModelWeights.load(ckpt, config, ComputeSettings.cpuFloat32());
      VisionTower tower = new VisionTower(config.vision(), weights, ComputeSettings.cpuFloat32());
      long[][] grids = grids(b.tensor("image_grid_thw"));

      VisionGeometry g = tower.geometry(grids);
      assertArrayEquals(HostTensors.toLongs(b.tensor("debug.window_index")), toLong(g.windowIndex), "window_index");
      assertArrayEquals(HostTensors.toInts(b.tensor("debug.cu_window_seqlens")), g.cuWindowSeqlens, "cu_window_seqlens");
      assertArrayEquals(HostTensors.toInts(b.tensor("debug.cu_seqlens")), g.cuSeqlens, "cu_seqlens");

      Tensor pixels = a.tensor("pixel_values");
      Tolerances.assertRel("vision patch_embed", HostTensors.toFloats(tower.patchEmbed(pixels)),
          HostTensors.toFloats(b.tensor("debug.patch_embed")), Tolerances.VISION_REL);
      int[] identity = new int[g.numPatches];
      for (int i = 0; i < identity.length; i++) identity[i] = i;
      Tensor angles = VisionRotary.angles(g, identity, config.vision().headDim());
      Tensor rpe = angles.narrow(1, 0, config.vision().headDim() / 2);
      Tolerances.assertRel("vision rotary_pos_emb", HostTensors.toFloats(rpe),
          HostTensors.toFloats(b.tensor("debug.rotary_pos_emb")), Tolerances.VISION_REL);

      Tensor features = tower.forward(pixels, grids);
      Tolerances.assertRel("vision_features", HostTensors.toFloats(features),
          HostTensors.toFloats(b.tensor("vision_features")), Tolerances.VISION_REL);
    }
  }
}

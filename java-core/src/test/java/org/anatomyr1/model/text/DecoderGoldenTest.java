// Full-model parity with golden cases c and d (transformers, fp32, left-padded batch of two prompts
// with one image each): position ids and rope deltas exact, logits within 2e-5 relative at valid
// positions with equal argmax, greedy ids exact through the KV cache, KV-cache step logits equal to
// the reference's full recomputation.
package org.anatomyr1.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import org.anatomyr1.model.GoldenData;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.Tolerances;
import org.anatomyr1.model.io.SafetensorsFile;
import org.anatomyr1.rollout.Generator;
import org.anatomyr1.rollout.SamplingSettings;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

class DecoderGoldenTest {
  @Test
  @SuppressWarnings("try")
  void caseCLogitsAndPositions() {
    Path dir = GoldenData.tinyA();
    Qwen25VlModel model = GoldenCases.model();
    try (PointerScope scope = new PointerScope();
        SafetensorsFile c = SafetensorsFile.open(dir.resolve("case_c_batch_forward.safetensors"))) {
      Qwen25VlModel.Batch batch = GoldenCases.caseCBatch(dir);
      Qwen25VlModel.Prefill p = model.prefill(batch, null, true);
      assertArrayEquals(HostTensors.toLongs(c.tensor("position_ids")), p.rope().flat(), "position_ids");
      assertArrayEquals(HostTensors.toLongs(c.tensor("rope_deltas")), p.rope().ropeDeltas, "rope_deltas");
      Tolerances.assertRel("image_features", HostTensors.toFloats(p.visionFeatures()),
          HostTensors.toFloats(c.tensor("image_features")), Tolerances.VISION_REL);

      float[] got = HostTensors.toFloats(p.logits());
      float[] ref = HostTensors.toFloats(c.tensor("logits"));
      int b = batch.batchSize(), t = batch.length(), v = (int) p.logits().size(2);
      float[] gotValid = new float[0], refValid = new float[0];
      int valid = 0;
      java.util.List<float[]> g = new java.util.ArrayList<>(), r = new java.util.ArrayList<>();
      for (int i = 0; i < b; i++) {
        for (int s = 0; s < t; s++) {
          if (batch.attentionMask()[i][s] != 1) continue;
          int off = (i * t + s) * v;
          float[] gr = java.util.Arrays.copyOfRange(got, off, off + v);
          float[] rr = java.util.Arrays.copyOfRange(ref, off, off + v);
          assertEquals(argmax(rr), argmax(gr), "argmax at sample " + i + " position " + s);
          g.add(gr);
          r.add(rr);
          valid++;
        }
      }
      gotValid = concat(g);
      refValid = concat(r);
      System.out.println("valid positions: " + valid);
      Tolerances.assertRel("logits (valid positions)", gotValid, refValid, Tolerances.LOGITS_REL);
    }
  }

  @Test
  void caseDGreedyWithKvCache() {
    Path dir = GoldenData.tinyA();
    Qwen25VlModel model = GoldenCases.model();
    try (SafetensorsFile d = SafetensorsFile.open(dir.resolve("case_d_greedy.safetensors"))) {
      Qwen25VlModel.Batch batch = GoldenCases.caseCBatch(dir);
      long[][] ref = GoldenCases.rows(d.tensor("generated_ids"));
      int steps = ref[0].length;
      Generator.Output out = new Generator(model).generate(batch, new Generator.Settings(steps, Set.of(), 1, SamplingSettings.greedy(), true));
      for (int i = 0; i < ref.length; i++) assertArrayEquals(ref[i], out.tokens()[i], "generated ids of sample " + i);
      float[] refSteps = HostTensors.toFloats(d.tensor("step_logits")); // [steps, B, V]
      float[] gotSteps = new float[refSteps.length];
      int b = ref.length, v = refSteps.length / steps / b;
      for (int k = 0; k < steps; k++) {
        for (int i = 0; i < b; i++) System.arraycopy(out.stepLogits()[k][i], 0, gotSteps, (k * b + i) * v, v);
      }
      Tolerances.assertRel("step_logits (KV cache)", gotSteps, refSteps, Tolerances.LOGITS_REL);
    }
  }

  /** bf16 compute on the fp32 goldens: judged as meta.json's bf16_note says (~2e-2 relative, top-1). */
  @Test
  @SuppressWarnings("try")
  void caseCInBfloat16() {
    Path dir = GoldenData.tinyA();
    Qwen25VlModel model = Qwen25VlModel.load(dir, new org.anatomyr1.model.core.ComputeSettings(
        org.bytedeco.pytorch.global.torch.ScalarType.BFloat16, "cpu"));
    try (PointerScope scope = new PointerScope();
        SafetensorsFile c = SafetensorsFile.open(dir.resolve("case_c_batch_forward.safetensors"))) {
      Qwen25VlModel.Batch batch = GoldenCases.caseCBatch(dir);
      Qwen25VlModel.Prefill p = model.prefill(batch, null, false); // last position of each row: always valid
      float[] got = HostTensors.toFloats(p.logits());
      float[] all = HostTensors.toFloats(c.tensor("logits"));
      int t = batch.length(), v = got.length / batch.batchSize();
      float[] ref = new float[got.length];
      for (int i = 0; i < batch.batchSize(); i++) System.arraycopy(all, (i * t + t - 1) * v, ref, i * v, v);
      Tolerances.assertRel("bf16 last-position logits", got, ref, 5e-2);
      for (int i = 0; i < batch.batchSize(); i++) {
        assertEquals(argmax(java.util.Arrays.copyOfRange(ref, i * v, (i + 1) * v)),
            argmax(java.util.Arrays.copyOfRange(got, i * v, (i + 1) * v)), "bf16 top-1 of row " + i);
      }
    }
  }

  static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    return best;
  }

  static float[] concat(java.util.List<float[]> parts) {
    int n = 0;
    for (float[] p : parts) n += p.length;
    float[] out = new float[n];
    int o = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}

// vision_lr_scale: with every gradient 1, AdamW's first update is lr * 1 / (1 + eps) per element, so
// each vision-tower weight moves by -scale * lr and each text weight by -lr (hand-computed).
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.anatomyr1.dist.SingleProcessCollective;
import org.anatomyr1.model.TinyModelFactory;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class VisionLrScaleTest {
  static final double LR = 1e-3;
  static final double SCALE = 7;

  @Test
  void visionWeightsMoveScaleTimesFurther() {
    Qwen25VlConfig config = TinyModelFactory.defaultTinyConfig(40);
    ModelWeights w = TinyModelFactory.randomWeights(config, 5);
    TrainableParameters params = TrainableParameters.select(w, true, true);
    Optimization opt = new Optimization(params, new AdamW(0.9, 0.999, 1e-8, 0), new LrSchedule(LR, 0, 1, false), 1e9,
        new SingleProcessCollective());
    opt.scaleVisionLr(SCALE);
    Map<String, Tensor> before = new LinkedHashMap<>();
    params.all().forEach((n, t) -> before.put(n, t.detach().clone()));

    opt.begin();
    Tensor loss = null; // sum of every trainable weight: d loss / d w = 1 everywhere
    for (Tensor t : params.all().values()) loss = loss == null ? t.sum() : loss.add(t.sum());
    loss.backward();
    assertTrue(!opt.finish(0, true).skipped());

    int vision = 0, text = 0;
    for (Map.Entry<String, Tensor> e : params.all().entrySet()) {
      boolean vis = TrainableParameters.isVision(e.getKey());
      double want = -(vis ? SCALE : 1) * LR / (1 + 1e-8);
      Tensor delta = e.getValue().detach().sub(before.get(e.getKey()));
      assertEquals(want, delta.max().item_double(), 1e-6, e.getKey());
      assertEquals(want, delta.min().item_double(), 1e-6, e.getKey());
      if (vis) vision++;
      else text++;
    }
    assertTrue(vision > 0 && text > 0, vision + " vision and " + text + " text tensors");
  }

  @Test
  void aScaleMustBePositive() {
    Optimization opt = new Optimization(null, null, new LrSchedule(LR, 0, 1, false), 1, new SingleProcessCollective());
    assertThrows(IllegalArgumentException.class, () -> opt.scaleVisionLr(0));
    assertThrows(IllegalArgumentException.class, () -> opt.scaleVisionLr(Double.NaN));
  }
}

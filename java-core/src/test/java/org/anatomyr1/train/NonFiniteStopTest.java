// K consecutive non-finite steps stop the run with a message naming the steps; a finite step in
// between resets the count, so single non-finite steps keep being skipped.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.anatomyr1.dist.SingleProcessCollective;
import org.anatomyr1.model.TinyModelFactory;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.junit.jupiter.api.Test;

class NonFiniteStopTest {
  @Test
  void consecutiveNonFiniteStepsStopTheRun() {
    Qwen25VlConfig config = TinyModelFactory.defaultTinyConfig(40);
    ModelWeights w = TinyModelFactory.randomWeights(config, 3);
    Optimization opt = new Optimization(TrainableParameters.select(w, false, true), new AdamW(0.9, 0.999, 1e-8, 0),
        new LrSchedule(1e-3, 0, 10, false), 1.0, new SingleProcessCollective());
    opt.stopAfterNonFiniteSteps(3);
    for (int s = 0; s < 2; s++) {
      opt.begin();
      assertTrue(opt.finish(s, false).skipped());
    }
    opt.begin();
    assertFalse(opt.finish(2, true).skipped(), "a finite step (zero gradients) resets the count");
    for (int s = 3; s < 5; s++) {
      opt.begin();
      assertTrue(opt.finish(s, false).skipped());
    }
    opt.begin();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.finish(5, false));
    assertTrue(e.getMessage().startsWith("steps 4..6: loss or gradient non-finite for 3 consecutive steps"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> opt.stopAfterNonFiniteSteps(0));
  }
}

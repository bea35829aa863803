// One optimizer step over the accumulated gradients: collect .grad (+ the lm_head gradient of the
// chunked loss), all-reduce across ranks, global norm, skip when non-finite (weights untouched),
// clip, AdamW with the scheduled learning rate.
package org.anatomyr1.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.anatomyr1.dist.Collective;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

public final class Optimization implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Optimization.class.getName());

  private final TrainableParameters params;
  private final AdamW adam;
  private final LrSchedule schedule;
  private final double gradClip;
  private final Collective collective;
  private Tensor headGrad; // [V, H] f32, d loss / d lm_head from the chunked loss
  private int maxNonFiniteSteps = Integer.MAX_VALUE; // K: consecutive skipped steps that stop the run
  private int nonFiniteRun; // skipped steps in a row so far
  private double visionLrScale = 1; // the vision tower's lr as a multiple of the schedule's

  /** What the step did: lr used, global norm before clipping, skipped when non-finite. */
  public record Outcome(double lr, double gradNorm, boolean skipped) {}

  public Optimization(TrainableParameters params, AdamW adam, LrSchedule schedule, double gradClip,
      Collective collective) {
    this.params = params;
    this.adam = adam;
    this.schedule = schedule;
    this.gradClip = gradClip;
    this.collective = collective;
  }

  /** Stops the run (an exception) after {@code k} consecutive non-finite steps; single ones stay skipped. */
  public void stopAfterNonFiniteSteps(int k) {
    if (k < 1) throw new IllegalArgumentException("max_nonfinite_steps must be >= 1, got " + k);
    maxNonFiniteSteps = k;
  }

  /**
   * Trains the vision tower at {@code scale} times the scheduled learning rate (a parameter group,
   * as VLM trainers give the vision encoder its own lr); 1 = one rate for all.
   */
  public void scaleVisionLr(double scale) {
    if (!(scale > 0) || !Double.isFinite(scale)) throw new IllegalArgumentException("vision_lr_scale must be > 0, got " + scale);
    visionLrScale = scale;
  }

  public AdamW adam() {
    return adam;
  }

  public TrainableParameters params() {
    return params;
  }

  /** Clears gradients before the first micro-batch of a step. */
  public void begin() {
    params.zeroGrad();
    String h = params.headName();
    if (h == null) {
      headGrad = null;
    } else {
      if (headGrad == null) { // fp32 even for bf16 weights: chunks add up without bf16 rounding
        headGrad = org.anatomyr1.model.core.TensorOps.keep(torch.zeros_like(params.all().get(h).detach())
            .to(org.bytedeco.pytorch.global.torch.ScalarType.Float));
      }
      headGrad.zero_();
    }
  }

  /** Where the chunked loss accumulates the lm_head gradient (null when lm_head is frozen). */
  public Tensor headGrad() {
    return headGrad;
  }

  /**
   * Updates the weights unless {@code lossFinite} is false or a gradient is non-finite; then the
   * step is skipped with a warning and the weights are untouched.
   */
  public Outcome finish(int step, boolean lossFinite) {
    double lr = schedule.at(step);
    Map<String, Tensor> grads = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : params.all().entrySet()) {
      Tensor g = e.getValue().grad();
      boolean head = e.getKey().equals(params.headName());
      if (!g.defined()) {
        if (!head) continue;
        g = headGrad.clone();
      } else if (head) {
        g = g.add(headGrad);
      }
      grads.put(e.getKey(), g);
    }
    grads = GradientBuckets.allReduceSum(params.all(), grads, collective); // ranks hold partial sums
    if (collective.worldSize() > 1) lossFinite = collective.allReduceSum(lossFinite ? 0 : 1) == 0; // all skip or none
    double norm = GradientNorm.of(grads);
    if (!lossFinite || !Double.isFinite(norm)) {
      LOG.warning("step " + step + ": non-finite " + (lossFinite ? "gradient (norm " + norm + ")" : "loss")
          + "; skipped, weights unchanged");
      if (++nonFiniteRun >= maxNonFiniteSteps) {
        throw new IllegalStateException("steps " + (step - nonFiniteRun + 2) + ".." + (step + 1) + ": loss or gradient "
            + "non-finite for " + nonFiniteRun + " consecutive steps (max_nonfinite_steps); stopping the run "
            + "(checkpoints written so far are intact; lower lr or check the data and the weights)");
      }
      return new Outcome(lr, norm, true);
    }
    nonFiniteRun = 0;
    GradientNorm.clip(grads, norm, gradClip);
    double visionLr = lr * visionLrScale;
    adam.step(params.all(), grads, name -> TrainableParameters.isVision(name) ? visionLr : lr);
    return new Outcome(lr, norm, false);
  }

  /**
   * Frees the lm_head gradient buffer now ([V, H] f32: 1.2 GB for a 3B model's vocabulary, native
   * memory the GC does not see); AdamW is closed by its own owner. Idempotent.
   */
  @Override
  public void close() {
    if (headGrad != null) headGrad.close();
    headGrad = null;
  }
}

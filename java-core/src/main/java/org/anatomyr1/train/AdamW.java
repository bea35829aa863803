// AdamW (Loshchilov & Hutter, torch.optim.AdamW semantics) in Java over LibTorch tensors: fp32
// moments per parameter, bias correction, decoupled weight decay; moments saved for exact resume.
// Mixed precision: a parameter stored in bf16 (full fine-tuning of a bf16 model) gets an fp32
// master copy that takes the update; the bf16 tensor is its rounding (an lr * update far below
// bf16's 2^-8 relative step would otherwise be lost). fp32 parameters are their own master.
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.anatomyr1.model.core.TensorOps;
import org.anatomyr1.model.io.CheckpointDirectory;
import org.anatomyr1.model.io.CheckpointWriter;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class AdamW implements AutoCloseable {
  private final double beta1, beta2, eps, weightDecay;
  private final Map<String, Tensor> m = new LinkedHashMap<>(); // first moments, fp32, parameter shape
  private final Map<String, Tensor> v = new LinkedHashMap<>(); // second moments
  private final Map<String, Tensor> master = new LinkedHashMap<>(); // fp32 masters of non-fp32 parameters
  private long t; // steps taken (for the bias correction)

  public AdamW(double beta1, double beta2, double eps, double weightDecay) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  public long stepsTaken() {
    return t;
  }

  /** One update of every parameter in {@code params} with its gradient in {@code grads} (same names). */
  public void step(Map<String, Tensor> params, Map<String, Tensor> grads, double lr) {
    step(params, grads, name -> lr);
  }

  /** The same with a learning rate per parameter name (parameter groups, as torch.optim's). */
  @SuppressWarnings("try")
  public void step(Map<String, Tensor> params, Map<String, Tensor> grads, ToDoubleFunction<String> lrOf) {
    t++;
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    try (NoGradGuard ng = new NoGradGuard()) {
      for (Map.Entry<String, Tensor> e : params.entrySet()) {
        Tensor p = e.getValue();
        Tensor g = grads.get(e.getKey());
        if (g == null) continue;
        double lr = lrOf.applyAsDouble(e.getKey());
        Tensor g32 = g.to(ScalarType.Float);
        Tensor mi = m.computeIfAbsent(e.getKey(), k -> TensorOps.keep(torch.zeros_like(g32)));
        Tensor vi = v.computeIfAbsent(e.getKey(), k -> TensorOps.keep(torch.zeros_like(g32)));
        mi.mul_(new Scalar(beta1)).add_(g32, new Scalar(1 - beta1));
        vi.mul_(new Scalar(beta2)).addcmul_(g32, g32, new Scalar(1 - beta2));
        // p <- p (1 - lr wd) - lr * mhat / (sqrt(vhat) + eps)
        Tensor denom = vi.div(new Scalar(bc2)).sqrt().add(new Scalar(eps));
        Tensor update = mi.div(new Scalar(bc1)).div(denom);
        boolean fp32 = p.scalar_type().value == ScalarType.Float.value; // JavaCPP enums: compare values
        Tensor w = fp32 ? p : master.computeIfAbsent(e.getKey(), k -> TensorOps.keep(p.to(ScalarType.Float).clone()));
        if (weightDecay != 0) w.mul_(new Scalar(1 - lr * weightDecay));
        w.sub_(update.mul(new Scalar(lr)));
        if (!fp32) p.copy_(w); // rounds the master to the parameter's dtype
      }
    }
  }

  /** The fp32 master of a non-fp32 parameter (null before its first update, or for fp32 parameters). */
  public Tensor master(String name) {
    return master.get(name);
  }

  /** The fp32 first and second moments of a parameter (null before its first update). */
  public Tensor firstMoment(String name) {
    return m.get(name);
  }

  public Tensor secondMoment(String name) {
    return v.get(name);
  }

  /** Writes the moments (safetensors "m/NAME", "v/NAME", fp32 masters "w/NAME") into {@code dir}; the step count goes to the caller's state. */
  public void save(Path dir) {
    Map<String, Tensor> all = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : m.entrySet()) all.put("m/" + e.getKey(), e.getValue());
    for (Map.Entry<String, Tensor> e : v.entrySet()) all.put("v/" + e.getKey(), e.getValue());
    for (Map.Entry<String, Tensor> e : master.entrySet()) all.put("w/" + e.getKey(), e.getValue());
    if (!all.isEmpty()) CheckpointWriter.write(dir, all, Long.MAX_VALUE);
  }

  /** Restores moments written by {@link #save} and the step count. */
  @SuppressWarnings("try")
  public void restore(Path dir, long steps) {
    t = steps;
    m.clear();
    v.clear();
    master.clear();
    if (steps == 0) return;
    try (CheckpointDirectory c = CheckpointDirectory.open(dir)) {
      for (String key : c.names()) {
        Tensor x;
        try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
          x = TensorOps.keep(c.tensor(key).clone()); // the file's view is freed with the scope, the copy is ours
        }
        if (key.startsWith("m/")) m.put(key.substring(2), x);
        else if (key.startsWith("v/")) v.put(key.substring(2), x);
        else if (key.startsWith("w/")) master.put(key.substring(2), x);
        else throw new IllegalArgumentException(dir + ": unexpected optimizer tensor '" + key + "'");
      }
    }
  }

  /** Frees the moments and fp32 masters now (native memory the GC does not see); the optimizer is unusable after. */
  @Override
  public void close() {
    for (Map<String, Tensor> state : java.util.List.of(m, v, master)) {
      for (Tensor t : state.values()) t.close();
      state.clear();
    }
  }
}

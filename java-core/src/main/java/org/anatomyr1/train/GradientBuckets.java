// Data-parallel gradient reduction (what DDP's reducer does, which the presets do not bind): the
// gradients are flattened into a few contiguous fp32 buckets of at most BUCKET_BYTES, each bucket is
// summed over the ranks in one allreduce, and the sums are copied back. Sum, not mean: the trainers'
// per-token weights are already normalised by the global totals of the step, so each rank's gradient
// is a partial sum of the global one. A parameter without a gradient on some rank (it saw no tokens)
// takes part with zeros when any rank has one, so every rank updates the same parameters.
package org.anatomyr1.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.dist.Collective;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

final class GradientBuckets {
  static final long BUCKET_BYTES = 25L << 20; // DDP's default bucket_cap_mb

  private static double secondsInAllReduce; // since the last call of takeSeconds(), this process

  private GradientBuckets() {}

  /**
   * {@code grads} (name -> gradient, only the parameters with a gradient on this rank) summed over
   * the ranks, in parameter order; {@code params} gives the order and the shapes of missing ones.
   */
  static Map<String, Tensor> allReduceSum(Map<String, Tensor> params, Map<String, Tensor> grads, Collective c) {
    if (c.worldSize() == 1) return grads;
    long t0 = System.nanoTime();
    List<String> names = new ArrayList<>(params.keySet());
    // which parameters have a gradient on any rank: [P] counts
    double[] has = new double[names.size()];
    for (int i = 0; i < has.length; i++) has[i] = grads.containsKey(names.get(i)) ? 1 : 0;
    double[] flags = c.allReduceSum(has);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (flags[i] == 0) continue;
      Tensor g = grads.get(names.get(i));
      out.put(names.get(i), g != null ? g : torch.zeros_like(params.get(names.get(i)).detach()));
    }
    List<Tensor> bucket = new ArrayList<>();
    long bytes = 0;
    for (Tensor g : out.values()) {
      long b = g.numel() * 4;
      if (!bucket.isEmpty() && bytes + b > BUCKET_BYTES) {
        reduceBucket(bucket, c);
        bucket.clear();
        bytes = 0;
      }
      bucket.add(g);
      bytes += b;
    }
    if (!bucket.isEmpty()) reduceBucket(bucket, c);
    secondsInAllReduce += (System.nanoTime() - t0) / 1e9;
    return out;
  }

  /** One flat fp32 buffer [sum numel] for the bucket, summed across ranks, copied back into each gradient. */
  private static void reduceBucket(List<Tensor> bucket, Collective c) {
    TensorVector flat = new TensorVector();
    for (Tensor g : bucket) flat.push_back(g.reshape(-1).to(ScalarType.Float));
    Tensor buf = torch.cat(flat); // [sum numel]
    c.allReduceSum(buf);
    long off = 0;
    for (Tensor g : bucket) {
      long n = g.numel();
      g.copy_(buf.narrow(0, off, n).view_as(g));
      off += n;
    }
  }

  /** Seconds this process spent reducing gradients since the previous call. */
  static double takeSeconds() {
    double s = secondsInAllReduce;
    secondsInAllReduce = 0;
    return s;
  }
}

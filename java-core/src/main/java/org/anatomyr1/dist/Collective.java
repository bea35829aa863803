// Collective operations of data-parallel training (one process per device): the trainers call them
// wherever ranks must agree (gradients, reward statistics, barriers); single-process runs use the
// identity implementation.
package org.anatomyr1.dist;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

public interface Collective {
  int rank();

  int worldSize();

  /** In-place sum of {@code t} over all ranks. */
  void allReduceSum(Tensor t);

  /** In-place mean of {@code t} over all ranks. */
  void allReduceMean(Tensor t);

  /** Sum of a scalar over all ranks. */
  double allReduceSum(double x);

  /** Rank {@code root}'s {@code t} copied into every rank's {@code t}. */
  void broadcast(Tensor t, int root);

  /** Returns when every rank has arrived. */
  void barrier();

  /** Element-wise sums of a small host vector over all ranks (statistics, flags). */
  default double[] allReduceSum(double[] x) {
    if (worldSize() == 1) return x.clone();
    throw new UnsupportedOperationException(getClass().getSimpleName() + ": allReduceSum(double[])");
  }

  /** Largest value of a scalar over all ranks. */
  default double allReduceMax(double x) {
    if (worldSize() == 1) return x;
    throw new UnsupportedOperationException(getClass().getSimpleName() + ": allReduceMax");
  }

  /** Every rank's (small) text, in rank order: metrics summaries, rollout statistics. */
  default List<String> allGather(String text) {
    if (worldSize() == 1) return List.of(text);
    throw new UnsupportedOperationException(getClass().getSimpleName() + ": allGather");
  }

  /** Rank {@code root}'s (small) text on every rank. */
  default String broadcast(String text, int root) {
    return allGather(root == rank() ? text : "").get(root);
  }
}

// Collective operations of data-parallel training (one process per device): the trainers call them
// wherever ranks must agree (gradients, reward statistics, barriers); single-process runs use the
// identity implementation.
package org.anatomyr1.dist;

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
}

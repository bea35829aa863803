// The collective of a single-process run: world size 1, every operation is the identity.
package org.anatomyr1.dist;

import org.bytedeco.pytorch.Tensor;

public final class SingleProcessCollective implements Collective {
  @Override
  public int rank() {
    return 0;
  }

  @Override
  public int worldSize() {
    return 1;
  }

  @Override
  public void allReduceSum(Tensor t) {}

  @Override
  public void allReduceMean(Tensor t) {}

  @Override
  public double allReduceSum(double x) {
    return x;
  }

  @Override
  public void broadcast(Tensor t, int root) {
    if (root != 0) throw new IllegalArgumentException("broadcast root " + root + " outside world of size 1");
  }

  @Override
  public void barrier() {}
}

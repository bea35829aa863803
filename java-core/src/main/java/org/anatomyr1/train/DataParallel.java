// The data-parallel side of a training run: joins the job's process group (dist.Rendezvous, from the
// torchrun/launch/SLURM environment), shards a step's global items by global index, sums statistics
// over the ranks and says who writes. The sharding is contiguous and by global index, so which
// items (and which sampling streams) a step uses never depends on the world size.
package org.anatomyr1.train;

import java.time.Duration;
import org.anatomyr1.dist.Collective;
import org.anatomyr1.dist.Rendezvous;

final class DataParallel {
  private DataParallel() {}

  /** Range [from, to) of the global items of this rank. */
  record Shard(int from, int to) {
    int size() {
      return to - from;
    }
  }

  /** Joins the process group of the environment (world size 1 without one); divides the CPU threads among local ranks. */
  static Collective join(TrainConfig c) {
    Rendezvous rv = Rendezvous.fromEnvironment();
    if (!rv.distributed()) return new org.anatomyr1.dist.SingleProcessCollective();
    if (c.threads() == 0) org.anatomyr1.model.ComputeThreads.apply(rv.defaultThreads()); // LibTorch, OpenBLAS, kernels
    return rv.connect(c.device(), Duration.ofSeconds(timeoutSeconds(c)));
  }

  /** Config key dist.timeout_s: how long a collective may wait for a peer before the run fails. */
  static long timeoutSeconds(TrainConfig c) {
    return c.get(ConfigKeys.DIST_TIMEOUT_S); // 1..86400, validated with the config
  }

  /** The even share of a global batch: fails naming both values when {@code batch} does not divide. */
  static Shard evenShard(String key, int batch, Collective c) {
    if (batch % c.worldSize() != 0) {
      throw new IllegalArgumentException("config key '" + key + "' = " + batch + " (global) is not divisible by the world size "
          + c.worldSize() + "; use a multiple of " + c.worldSize());
    }
    return shard(batch, c);
  }

  /** Contiguous share of {@code n} global items (sizes differ by at most one when n does not divide). */
  static Shard shard(int n, Collective c) {
    int w = c.worldSize(), r = c.rank();
    return new Shard((int) ((long) n * r / w), (int) ((long) n * (r + 1) / w));
  }

  /** Element-wise sums over the ranks, in one allreduce (fp64). */
  static double[] sum(double[] x, Collective c) {
    return c.allReduceSum(x);
  }

  /** Rank 0 writes metrics, checkpoints and final/. */
  static boolean writes(Collective c) {
    return c.rank() == 0;
  }
}

// The NCCL process group for CUDA tensors. Kept apart from C10dCollective because its native library
// (jnitorch_nccl) exists only in the GPU build of the presets (-Pcuda, linux-x86_64-gpu): the CPU
// artifact has the Java classes, so this compiles everywhere, but it is only loaded for device=cuda.
package org.anatomyr1.dist;

import java.time.Duration;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.global.torch_cuda;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;

final class NcclProcessGroups {
  private NcclProcessGroups() {}

  /** Selects CUDA device {@code localRank} (one process per GPU) and joins the NCCL group. */
  static C10dCollective create(Store store, int rank, int worldSize, int localRank, Duration timeout) {
    try {
      torch_cuda.set_device((byte) localRank);
      store.setTimeout(new Milliseconds(timeout.toMillis()));
      ProcessGroupNCCL.Options o = new ProcessGroupNCCL.Options();
      o.timeout(new Milliseconds(timeout.toMillis()));
      return new C10dCollective(new ProcessGroupNCCL(store, rank, worldSize, o), store, rank, worldSize, timeout,
          "cuda:" + localRank);
    } catch (RuntimeException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new DistributedException("NCCL process group setup (needs the GPU build of the PyTorch presets, -Pcuda)",
          rank, worldSize, e instanceof RuntimeException r ? r : new RuntimeException(e.toString(), e));
    }
  }
}

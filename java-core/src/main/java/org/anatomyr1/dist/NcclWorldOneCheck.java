// GPU-server check (benchmarks/gpu/nccl_check.sh): a world-size-1 ProcessGroupNCCL over a local
// TCPStore allreduces a CUDA tensor through C10dCollective and verifies the result, then times a
// 16 MiB fp32 allreduce. Needs the GPU build of the presets (-Pcuda) and one CUDA device; exits 0
// when the values check out, 1 with the reason otherwise.
package org.anatomyr1.dist;

import java.net.ServerSocket;
import java.time.Duration;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class NcclWorldOneCheck {
  private NcclWorldOneCheck() {}

  public static void main(String[] args) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try {
      TCPStoreOptions o = new TCPStoreOptions();
      o.port((short) port);
      o.isServer(true);
      o.waitWorkers(false);
      o.timeout(new Milliseconds(60_000));
      TCPStore store = new TCPStore("127.0.0.1", o);
      C10dCollective c = NcclProcessGroups.create(store, 0, 1, 0, Duration.ofSeconds(60));
      TensorOptions cuda = new TensorOptions(ScalarType.Float).device(new DeviceOptional(new Device("cuda:0")));
      Tensor t = torch.arange(new org.bytedeco.pytorch.Scalar(0), new org.bytedeco.pytorch.Scalar(1024), cuda); // [1024]
      c.allReduceSum(t);
      double err = t.cpu().sub(torch.arange(new org.bytedeco.pytorch.Scalar(0), new org.bytedeco.pytorch.Scalar(1024)))
          .abs().max().item_double();
      if (err != 0) throw new IllegalStateException("allreduce changed the values of a world-size-1 group: max error " + err);
      double s = c.allReduceSum(2.5);
      if (s != 2.5) throw new IllegalStateException("scalar allreduce gave " + s);
      Tensor big = torch.ones(new long[] {4L << 20}, cuda); // [4 Mi] fp32 = 16 MiB
      for (int i = 0; i < 3; i++) c.allReduceSum(big);
      int reps = 20;
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) c.allReduceSum(big);
      torch.cuda_synchronize(); // NCCL Work._wait() only orders the stream; the host waits here
      double ms = (System.nanoTime() - t0) / 1e6 / reps;
      c.barrier();
      System.out.printf("nccl world-size-1 allreduce: ok (1024 values exact, scalar exact); 16 MiB allreduce %.3f ms%n", ms);
      c.close();
    } catch (RuntimeException | LinkageError e) {
      System.out.println("nccl world-size-1 allreduce: FAILED: " + e);
      System.exit(1);
    }
  }
}

// The one adapter between the trainers and PyTorch's c10d (JavaCPP presets): a process group
// (ProcessGroupGloo on CPU, ProcessGroupNCCL for CUDA tensors, see NcclProcessGroups) plus the
// rendezvous store. Upstream presets are expected to move these classes to
// org.bytedeco.pytorch.distributed; only this file and NcclProcessGroups name them.
// Every Work is waited on at once; a failure or a timeout becomes a DistributedException naming the
// op and the rank. Small objects (metrics, rollout statistics) travel as text through the store.
package org.anatomyr1.dist;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.BarrierOptions;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class C10dCollective implements Collective, AutoCloseable {
  private final Backend group;
  private final Store store;
  private final int rank;
  private final int worldSize;
  private volatile Duration timeout; // of each collective; joining used the one given at creation
  private final String scalarDevice; // where scalar reductions run: "cpu" (Gloo) or "cuda:N" (NCCL)
  private long gathers; // sequence number of allGather calls (store keys); equal on every rank

  C10dCollective(Backend group, Store store, int rank, int worldSize, Duration timeout, String scalarDevice) {
    this.group = group;
    this.store = store;
    this.rank = rank;
    this.worldSize = worldSize;
    this.timeout = timeout;
    this.scalarDevice = scalarDevice;
  }

  /** A Gloo group over {@code store}; {@code hostname} picks the network interface (e.g. 127.0.0.1). */
  public static C10dCollective gloo(Store store, int rank, int worldSize, Duration timeout, String hostname) {
    if (worldSize < 1 || rank < 0 || rank >= worldSize) {
      throw new IllegalArgumentException("rank " + rank + " outside world of size " + worldSize);
    }
    store.setTimeout(new Milliseconds(timeout.toMillis()));
    ProcessGroupGloo.Options o = new ProcessGroupGloo.Options(new Milliseconds(timeout.toMillis()));
    String iface = System.getenv("GLOO_SOCKET_IFNAME");
    o.devices(new GlooDeviceVector(iface != null && !iface.isBlank() ? ProcessGroupGloo.createDeviceForInterface(iface)
        : hostname != null ? ProcessGroupGloo.createDeviceForHostname(hostname) : ProcessGroupGloo.createDefaultDevice()));
    o.threads(2);
    try {
      return new C10dCollective(new ProcessGroupGloo(store, rank, worldSize, o), store, rank, worldSize, timeout, "cpu");
    } catch (RuntimeException e) {
      throw new DistributedException("Gloo process group setup", rank, worldSize, e);
    }
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int worldSize() {
    return worldSize;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Changes the timeout of the following collectives (a test waits less than the rendezvous may take). */
  void setOperationTimeout(Duration t) {
    timeout = t;
  }

  @Override
  public void allReduceSum(Tensor t) {
    allReduce(t, ReduceOp.RedOpType.SUM, "allreduce(sum)");
  }

  @Override
  public void allReduceMean(Tensor t) {
    allReduce(t, ReduceOp.RedOpType.SUM, "allreduce(mean)"); // Gloo has no AVG: sum, then divide
    t.div_(new org.bytedeco.pytorch.Scalar((double) worldSize));
  }

  @Override
  public double allReduceSum(double x) {
    return scalar(x, ReduceOp.RedOpType.SUM, "allreduce(sum, scalar)");
  }

  @Override
  @SuppressWarnings("try")
  public double[] allReduceSum(double[] x) {
    if (worldSize == 1 || x.length == 0) return x.clone();
    try (PointerScope scope = new PointerScope()) {
      // clone: LibTorch-owned storage, so a timed-out collective still holding t never writes into freed JavaCPP memory
      Tensor t = Tensor.create(x).clone().to(new Device(scalarDevice), ScalarType.Double); // [n] on the group's device (NCCL: CUDA)
      allReduce(t, ReduceOp.RedOpType.SUM, "allreduce(sum, " + x.length + " scalars)");
      Tensor h = t.cpu();
      double[] out = new double[x.length];
      for (int i = 0; i < x.length; i++) out[i] = h.get(i).item_double();
      return out;
    }
  }

  @Override
  public double allReduceMax(double x) {
    return scalar(x, ReduceOp.RedOpType.MAX, "allreduce(max, scalar)");
  }

  @Override
  @SuppressWarnings("try")
  public void broadcast(Tensor t, int root) {
    checkRoot(root);
    try (PointerScope scope = new PointerScope()) {
      Tensor c = t.is_contiguous() ? t : t.contiguous();
      BroadcastOptions o = new BroadcastOptions();
      o.rootRank(root);
      o.timeout(new Milliseconds(timeout.toMillis()));
      await("broadcast(root " + root + ")", () -> group.broadcast(new TensorVector(c), o));
      if (c != t) t.copy_(c);
    }
  }

  @Override
  @SuppressWarnings("try")
  public void barrier() {
    try (PointerScope scope = new PointerScope()) {
      BarrierOptions o = new BarrierOptions();
      o.timeout(new Milliseconds(timeout.toMillis()));
      await("barrier", () -> group.barrier(o));
    }
  }

  /** Through the store: each rank sets key ag/<seq>/<rank>, then reads every rank's key (blocking up to the timeout). */
  @Override
  public List<String> allGather(String text) {
    long seq = gathers++;
    List<String> out = new ArrayList<>(worldSize);
    try {
      store.set(key(seq, rank), Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
      for (int r = 0; r < worldSize; r++) {
        out.add(new String(Base64.getDecoder().decode(store.get_to_str(key(seq, r))), StandardCharsets.UTF_8));
      }
      // every rank has read the keys of seq-1 before it could set seq's (it read all of seq-1 first),
      // so the key two calls back is no longer needed by anyone
      if (seq >= 2) store.deleteKey(key(seq - 2, rank));
    } catch (RuntimeException e) {
      throw new DistributedException("allGather #" + seq, rank, worldSize, e);
    }
    return out;
  }

  private static String key(long seq, int rank) {
    return "ar1/ag/" + seq + "/" + rank;
  }

  @SuppressWarnings("try")
  private void allReduce(Tensor t, ReduceOp.RedOpType op, String name) {
    try (PointerScope scope = new PointerScope()) {
      Tensor c = t.is_contiguous() ? t : t.contiguous();
      AllreduceOptions o = new AllreduceOptions();
      o.reduceOp(new ReduceOp(op));
      o.timeout(new Milliseconds(timeout.toMillis()));
      await(name, () -> group.allreduce(new TensorVector(c), o));
      if (c != t) t.copy_(c);
    }
  }

  @SuppressWarnings("try")
  private double scalar(double x, ReduceOp.RedOpType op, String name) {
    if (worldSize == 1) return x;
    try (PointerScope scope = new PointerScope()) {
      Tensor t = torch.full(new long[] {1}, new org.bytedeco.pytorch.Scalar(x),
          new TensorOptions(ScalarType.Double).device(new org.bytedeco.pytorch.DeviceOptional(new Device(scalarDevice))));
      allReduce(t, op, name);
      return t.cpu().item_double();
    }
  }

  private void await(String op, Supplier<Work> start) {
    try {
      Work w = start.get();
      if (!w._wait()) throw new IllegalStateException("Work reported no success");
    } catch (RuntimeException e) {
      throw new DistributedException(op, rank, worldSize, e);
    }
  }

  private void checkRoot(int root) {
    if (root < 0 || root >= worldSize) throw new IllegalArgumentException("broadcast root " + root + " outside world of size " + worldSize);
  }

  /** Stops the process group's threads (pending collectives on other ranks then fail instead of hanging). */
  @Override
  public void close() {
    try {
      group.shutdown();
    } catch (RuntimeException ignored) {
      // the group may already be broken by a dead peer; closing must not hide the original error
    }
  }
}

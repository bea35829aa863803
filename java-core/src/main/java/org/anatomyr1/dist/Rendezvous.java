// Where this process sits in a data-parallel job, read from the environment that torchrun, our
// `launch` command or SLURM's srun sets: RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR,
// MASTER_PORT (torchrun names), else SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID, SLURM_NTASKS_PER_NODE.
// connect() joins the process group: a TCPStore served by rank 0 at MASTER_ADDR:MASTER_PORT, then
// Gloo (device cpu) or NCCL (device cuda, GPU = LOCAL_RANK).
package org.anatomyr1.dist;

import java.time.Duration;
import java.util.Map;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;

// agentStore: torchrun's agent already serves the store on MASTER_PORT (TORCHELASTIC_USE_AGENT_STORE=True),
// so rank 0 connects to it as a client instead of serving one
public record Rendezvous(int rank, int worldSize, int localRank, int localWorldSize, String masterAddr, int masterPort,
    boolean agentStore) {
  public Rendezvous(int rank, int worldSize, int localRank, int localWorldSize, String masterAddr, int masterPort) {
    this(rank, worldSize, localRank, localWorldSize, masterAddr, masterPort, false);
  }

  public Rendezvous {
    if (worldSize < 1) throw new IllegalArgumentException("WORLD_SIZE must be >= 1, got " + worldSize);
    if (rank < 0 || rank >= worldSize) throw new IllegalArgumentException("RANK " + rank + " outside WORLD_SIZE " + worldSize);
    if (localWorldSize < 1 || localRank < 0 || localRank >= localWorldSize) {
      throw new IllegalArgumentException("LOCAL_RANK " + localRank + " outside LOCAL_WORLD_SIZE " + localWorldSize);
    }
  }

  /** A single-process run (no launcher environment). */
  public static Rendezvous single() {
    return new Rendezvous(0, 1, 0, 1, "127.0.0.1", 29500);
  }

  public boolean distributed() {
    return worldSize > 1;
  }

  public static Rendezvous fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static Rendezvous fromEnvironment(Map<String, String> env) {
    String addr = env.getOrDefault("MASTER_ADDR", "127.0.0.1");
    int port = integer(env, "MASTER_PORT", 29500);
    if (env.containsKey("WORLD_SIZE")) {
      int world = integer(env, "WORLD_SIZE", 1);
      int local = integer(env, "LOCAL_WORLD_SIZE", world);
      return new Rendezvous(integer(env, "RANK", 0), world, integer(env, "LOCAL_RANK", 0), local, addr, port,
          "True".equalsIgnoreCase(env.getOrDefault("TORCHELASTIC_USE_AGENT_STORE", "")));
    }
    if (env.containsKey("SLURM_NTASKS") && env.containsKey("SLURM_PROCID")) {
      int world = integer(env, "SLURM_NTASKS", 1);
      // SLURM_NTASKS_PER_NODE may read "4(x2)": the leading number is the tasks on this node
      String perNode = env.getOrDefault("SLURM_NTASKS_PER_NODE", String.valueOf(world)).replaceAll("\\(.*", "");
      int local;
      try {
        local = Integer.parseInt(perNode.split(",")[0].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("environment SLURM_NTASKS_PER_NODE='" + perNode + "' is not a number");
      }
      return new Rendezvous(integer(env, "SLURM_PROCID", 0), world, integer(env, "SLURM_LOCALID", 0), local, addr, port);
    }
    return single();
  }

  private static int integer(Map<String, String> env, String key, int def) {
    String v = env.get(key);
    if (v == null || v.isBlank()) return def;
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("environment " + key + "='" + v + "' is not an integer");
    }
  }

  /** LibTorch CPU threads per process when the config leaves threads at 0: the cores shared by the local ranks. */
  public int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / localWorldSize);
  }

  /** Joins the job's process group (blocks until every rank has arrived or the timeout passes). */
  public Collective connect(String device, Duration timeout) {
    if (!distributed()) return new SingleProcessCollective();
    TCPStore store;
    try {
      TCPStoreOptions o = new TCPStoreOptions();
      o.port((short) masterPort); // uint16 in C++: ports above 32767 wrap to the same bits
      o.isServer(rank == 0 && !agentStore);
      o.waitWorkers(false);
      o.timeout(new Milliseconds(timeout.toMillis()));
      store = new TCPStore(masterAddr, o);
    } catch (RuntimeException e) {
      throw new DistributedException("TCPStore rendezvous at " + masterAddr + ":" + masterPort, rank, worldSize, e);
    }
    if (device.startsWith("cuda")) return NcclProcessGroups.create(store, rank, worldSize, localRank, timeout);
    boolean loopback = masterAddr.equals("127.0.0.1") || masterAddr.equals("localhost");
    return C10dCollective.gloo(store, rank, worldSize, timeout, loopback ? "127.0.0.1" : null);
  }
}

// What `anatomy-r1 launch` does, like torchrun on one node: starts N worker JVMs of this CLI with
// RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT set, prefixes each
// output line with the rank, forwards SIGINT/SIGTERM (JVM shutdown) to the workers, and when one
// worker fails stops the others and reports which rank ended with which status.
package org.anatomyr1.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public final class WorkerLauncher {
  /** How the job is laid out: nodes x processes per node, this node's index and the rendezvous address. */
  public record Layout(int nprocPerNode, int nnodes, int nodeRank, String masterAddr, int masterPort) {
    public Layout {
      if (nprocPerNode < 1) throw new IllegalArgumentException("--nproc-per-node must be >= 1, got " + nprocPerNode);
      if (nnodes < 1) throw new IllegalArgumentException("--nnodes must be >= 1, got " + nnodes);
      if (nodeRank < 0 || nodeRank >= nnodes) {
        throw new IllegalArgumentException("--node-rank " + nodeRank + " outside --nnodes " + nnodes);
      }
      if (masterPort < 1 || masterPort > 65535) throw new IllegalArgumentException("--master-port " + masterPort + " outside 1..65535");
    }
  }

  private final Layout layout;
  private final String mainClass; // the application's entry point each worker runs (dist does not know the CLI)
  private final PrintStream out;
  private final List<Process> workers = new ArrayList<>();

  public WorkerLauncher(Layout layout, String mainClass, PrintStream out) {
    this.layout = layout;
    this.mainClass = mainClass;
    this.out = out;
  }

  /** Runs {@code cliArgs} (e.g. train ...) in every local worker; returns the launcher's exit code. */
  public int run(List<String> cliArgs) throws InterruptedException {
    int n = layout.nprocPerNode();
    int world = n * layout.nnodes();
    LinkedBlockingQueue<Integer> exited = new LinkedBlockingQueue<>();
    Thread forward = new Thread(this::stopAll, "launch-signal-forward"); // SIGINT/SIGTERM reach the workers
    Runtime.getRuntime().addShutdownHook(forward);
    try {
      for (int local = 0; local < n; local++) {
        int rank = layout.nodeRank() * n + local;
        ProcessBuilder pb = new ProcessBuilder(workerCommand(cliArgs)).redirectErrorStream(true);
        var env = pb.environment();
        env.put("RANK", String.valueOf(rank));
        env.put("WORLD_SIZE", String.valueOf(world));
        env.put("LOCAL_RANK", String.valueOf(local));
        env.put("LOCAL_WORLD_SIZE", String.valueOf(n));
        env.put("GROUP_RANK", String.valueOf(layout.nodeRank()));
        env.put("MASTER_ADDR", layout.masterAddr());
        env.put("MASTER_PORT", String.valueOf(layout.masterPort()));
        Process p;
        try {
          p = pb.start();
        } catch (IOException e) {
          throw new UncheckedIOException("launch: cannot start the worker of rank " + rank + ": " + e.getMessage(), e);
        }
        workers.add(p);
        Thread pump = new Thread(() -> pump(p, rank), "launch-output-rank-" + rank);
        pump.setDaemon(true);
        pump.start();
        int index = local;
        p.onExit().thenRun(() -> exited.add(index));
      }
      int remaining = n;
      while (remaining > 0) {
        int local = exited.take();
        remaining--;
        Process p = workers.get(local);
        int status = p.exitValue();
        if (status != 0) {
          int rank = layout.nodeRank() * n + local;
          stopAll();
          drainOutput();
          out.println("launch: rank " + rank + " exited with status " + describe(status)
              + "; stopped the other workers");
          return status;
        }
      }
      drainOutput();
      return 0;
    } finally {
      stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(forward);
      } catch (IllegalStateException ignored) {
        // already shutting down: the hook is running
      }
    }
  }

  /** 137 -> "137 (killed by signal 9)": the JVM reports a signal death as 128 + signal. */
  static String describe(int status) {
    return status > 128 && status < 160 ? status + " (killed by signal " + (status - 128) + ")" : String.valueOf(status);
  }

  /** This JVM's java binary, its options (native access, heap, ...) and classpath, then the main class. */
  private List<String> workerCommand(List<String> cliArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-javaagent")) cmd.add(a);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(cliArgs);
    return cmd;
  }

  private final List<Thread> pumps = new ArrayList<>();

  private void pump(Process p, int rank) {
    synchronized (pumps) {
      pumps.add(Thread.currentThread());
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (out) {
          out.println("[rank " + rank + "] " + line);
        }
      }
    } catch (IOException ignored) {
      // the worker is gone; its exit status tells what happened
    }
  }

  private void drainOutput() throws InterruptedException {
    List<Thread> ts;
    synchronized (pumps) {
      ts = List.copyOf(pumps);
    }
    for (Thread t : ts) t.join(5000);
  }

  /** SIGTERM to every live worker, SIGKILL to those still alive 10 s later. */
  private synchronized void stopAll() {
    for (Process p : workers) if (p.isAlive()) p.destroy();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Process p : workers) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}

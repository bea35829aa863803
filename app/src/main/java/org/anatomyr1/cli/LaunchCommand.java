// `anatomy-r1 launch --nproc-per-node N [--nnodes M --node-rank R --master-addr A --master-port P] -- train ...`:
// the torchrun-style launcher of data-parallel training (dist/WorkerLauncher does the work).
package org.anatomyr1.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.Callable;
import org.anatomyr1.dist.WorkerLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "launch", mixinStandardHelpOptions = true,
    description = {"Starts N data-parallel worker processes of a train or sft command (like torchrun).",
        "Example: anatomy-r1 launch --nproc-per-node 2 -- train --model M --data D batch=4"})
final class LaunchCommand implements Callable<Integer> {
  @Option(names = "--nproc-per-node", required = true, description = "worker processes on this node (one per GPU)")
  int nprocPerNode;

  @Option(names = "--nnodes", defaultValue = "1", description = "number of nodes (default 1)")
  int nnodes;

  @Option(names = "--node-rank", defaultValue = "0", description = "this node's index, 0..nnodes-1 (default 0)")
  int nodeRank;

  @Option(names = "--master-addr", defaultValue = "127.0.0.1", description = "address of node 0 (default 127.0.0.1)")
  String masterAddr;

  @Option(names = "--master-port", description = "rendezvous port on node 0 (default: 29500; a free port when --nnodes 1)")
  Integer masterPort;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "after --: the command each worker runs (train ... or sft ...)")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    String sub = command.get(0);
    if (!sub.equals("train") && !sub.equals("sft")) {
      throw new IllegalArgumentException("launch runs 'train' or 'sft', got '" + sub + "'");
    }
    int port = masterPort != null ? masterPort : nnodes == 1 ? freePort() : 29500;
    WorkerLauncher.Layout layout = new WorkerLauncher.Layout(nprocPerNode, nnodes, nodeRank, masterAddr, port);
    return new WorkerLauncher(layout, Main.class.getName(), System.out).run(command);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

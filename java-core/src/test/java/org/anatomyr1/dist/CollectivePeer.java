// The other rank of C10dCollectiveTest: a separate JVM that joins through the environment (as under
// `launch`) and runs the same sequence of collectives as the test's rank, or leaves early ("quit").
package org.anatomyr1.dist;

import java.time.Duration;

public final class CollectivePeer {
  private CollectivePeer() {}

  public static void main(String[] args) {
    Rendezvous rv = Rendezvous.fromEnvironment();
    Collective c = rv.connect("cpu", Duration.ofSeconds(Long.parseLong(args[1])));
    C10dCollectiveTest.sequence(c);
    if (args[0].equals("quit")) System.exit(0); // leaves while the test's rank waits in one more allreduce
    if (args[0].equals("hang")) { // stays connected but never joins the next collective
      try {
        Thread.sleep(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    c.barrier();
    System.exit(0);
  }

}

// A collective that failed or timed out (a peer died, the network broke, dist.timeout_s passed):
// the message names the operation, this rank and the world size, so a log line says who waited on what.
package org.anatomyr1.dist;

public final class DistributedException extends RuntimeException {
  public DistributedException(String op, int rank, int worldSize, Throwable cause) {
    super(op + " failed on rank " + rank + " of " + worldSize + ": "
        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : firstLine(cause.getMessage())), cause);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

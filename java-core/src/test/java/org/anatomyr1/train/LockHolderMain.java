// A second process for RunDirectoryTest: locks a run directory the way a training run does, says
// "locked", and holds the lock until its stdin closes.
package org.anatomyr1.train;

import java.nio.file.Path;

public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    try (RunDirectory d = RunDirectory.open(Path.of(args[0]), true, false, System.out)) {
      System.out.println("locked " + ProcessHandle.current().pid());
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the parent closes our stdin
      }
    }
  }
}

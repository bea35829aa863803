// The run directory of one training run, held exclusively for the whole run: a lock file
// (FileChannel.tryLock, content "pid@host") keeps a second run out, a directory that already holds a
// run is refused unless the run resumes or overwrites it, and leftovers of killed runs are swept.
package org.anatomyr1.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.anatomyr1.io.DurableFiles;

public final class RunDirectory implements AutoCloseable {
  static final String LOCK_FILE = ".run.lock";
  /** Entries that do not make a directory "hold a run": the lock, the resolved config, temporaries. */
  private static final List<String> NOT_A_RUN = List.of(LOCK_FILE, "config.yaml");
  /** Locks this JVM holds, with the thread that took them (a JVM cannot tryLock a region twice). */
  private static final Map<Path, RunDirectory> HELD_HERE = new ConcurrentHashMap<>();

  final Path dir;
  private final Path key;
  private final Thread owner = Thread.currentThread();
  private FileChannel channel;
  private FileLock lock;

  private RunDirectory(Path dir, Path key, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates or opens {@code dir} and locks it. A directory with earlier results is refused unless
   * {@code resume} (continue it) or {@code overwrite} (its contents are deleted first).
   */
  static RunDirectory open(Path dir, boolean resume, boolean overwrite, PrintStream log) {
    RunDirectory held;
    try {
      Files.createDirectories(dir);
      held = lock(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot create or lock the run directory: " + e.getMessage(), e);
    }
    try {
      List<String> earlier = earlierResults(dir);
      if (!earlier.isEmpty() && !resume) {
        if (!overwrite) {
          throw new IllegalArgumentException("run directory " + dir + " already holds a run (" + String.join(", ", earlier)
              + "); pass --resume <its checkpoints/step-N> to continue it, --overwrite to replace it, or choose another --name");
        }
        for (String n : earlier) DurableFiles.deleteTree(dir.resolve(n));
        log.println("--overwrite: removed " + String.join(", ", earlier) + " from " + dir);
      }
      DurableFiles.removeStaleTemporaries(dir, log);
      DurableFiles.removeStaleTemporaries(dir.resolve("checkpoints"), log);
      return held;
    } catch (IOException e) {
      held.close();
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
  }

  /**
   * Fails fast, before the model and LibTorch load, when another run holds {@code dir} (the lock is
   * then taken for real by the run's setup; this probe only saves a second run its start-up time).
   */
  public static void refuseIfInUse(Path dir) {
    Path file = dir.resolve(LOCK_FILE);
    if (!Files.isRegularFile(file)) return;
    RunDirectory mine = HELD_HERE.get(dir.toAbsolutePath().normalize());
    if (mine != null) return; // held by this process: open() decides (a live other thread is refused there)
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l == null) {
        throw new IllegalStateException("run directory " + dir + " is in use by another run (" + holder(ch) + ", lock file "
            + file + "); wait for it to finish or choose another --name");
      }
      l.release();
    } catch (IOException | OverlappingFileLockException e) {
      // cannot probe: the setup's real lock still decides
    }
  }

  private static List<String> earlierResults(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (NOT_A_RUN.contains(n) || n.startsWith(".") && n.endsWith(".tmp")) continue;
        names.add(n);
      }
    }
    names.sort(null);
    return names;
  }

  private static RunDirectory lock(Path dir) throws IOException {
    Path key = dir.toAbsolutePath().normalize();
    RunDirectory mine = HELD_HERE.get(key);
    if (mine != null) {
      // the same JVM: a run on another live thread is a real conflict; a lock left by an earlier run of
      // this thread (or of a thread that died) belongs to a run that has ended with an exception
      if (mine.owner != Thread.currentThread() && mine.owner.isAlive()) {
        throw new IllegalStateException("run directory " + dir + " is in use by another run in this process ("
            + identity() + ", thread " + mine.owner.getName() + ")");
      }
      mine.close();
    }
    Path file = dir.resolve(LOCK_FILE);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      String holder = holder(ch);
      ch.close();
      throw new IllegalStateException("run directory " + dir + " is in use by another run (" + holder + ", lock file "
          + file + "); wait for it to finish or choose another --name");
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap((identity() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    ch.force(true);
    RunDirectory r = new RunDirectory(dir, key, ch, l);
    HELD_HERE.put(key, r);
    return r;
  }

  private static String holder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(256);
      int n = ch.read(b, 0);
      String s = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "holder unknown" : "pid " + s;
    } catch (IOException e) {
      return "holder unknown";
    }
  }

  /** "pid@host" of this process. */
  static String identity() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown-host";
      }
    }
    return ProcessHandle.current().pid() + "@" + host;
  }

  /** Releases the lock (the lock file stays; its content names the last holder). */
  @Override
  public synchronized void close() {
    HELD_HERE.remove(key, this);
    try {
      if (lock != null && lock.isValid()) lock.release();
      if (channel != null) channel.close();
    } catch (IOException e) {
      // closing the channel releases the lock in any case
    } finally {
      lock = null;
      channel = null;
    }
  }
}

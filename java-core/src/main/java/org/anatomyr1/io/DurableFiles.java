// Durable, atomic writes: every output goes to a temporary sibling, is fsynced (the file, then its
// directory), and is renamed into place, so a crash leaves either the old file or the new one,
// never a torn one. Temporaries are named ".<name>.<suffix>.tmp" so a later start can find them.
package org.anatomyr1.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

public final class DurableFiles {
  private DurableFiles() {}

  /** Writes the content of one output file through a stream (the stream is closed by the caller's body returning). */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void writeString(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path file, byte[] bytes) {
    write(file, out -> out.write(bytes));
  }

  /** Writes {@code file} atomically and durably: temporary sibling, fsync, rename, fsync of the directory. */
  public static void write(Path file, Body body) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = Channels.newOutputStream(ch);
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: keep its default permissions
      }
      move(tmp, file.toAbsolutePath());
      tmp = null;
      fsyncDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary is removed by the next start's stale-temporary sweep
        }
      }
    }
  }

  /** The temporary sibling directory to build {@code target} in before {@link #publishDirectory}. */
  public static Path temporaryDirectoryFor(Path target) {
    return target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".tmp");
  }

  /**
   * Makes the complete directory {@code tmp} visible as {@code target}: fsyncs every file of it, then
   * renames. An existing target is first renamed aside to ".name.old.tmp" and deleted afterwards, so at
   * every instant a complete version exists under one of the two names ({@link #removeStaleTemporaries}
   * puts an aside copy back when a crash hit between the renames).
   */
  public static void publishDirectory(Path tmp, Path target) {
    Path abs = target.toAbsolutePath();
    Path parent = abs.getParent();
    Path aside = parent.resolve("." + abs.getFileName() + ".old.tmp");
    try {
      fsyncTree(tmp);
      deleteTree(aside);
      boolean hadOld = Files.exists(abs);
      if (hadOld) move(abs, aside);
      move(tmp, abs);
      fsyncDirectory(parent);
      if (hadOld) deleteTree(aside);
    } catch (IOException e) {
      throw new UncheckedIOException(target + ": cannot publish " + tmp + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes ".*.tmp" leftovers of killed runs in {@code dir} (files or directory trees), naming each on
   * {@code log}; a ".name.old.tmp" whose "name" is missing is renamed back instead (the complete old version).
   */
  public static List<Path> removeStaleTemporaries(Path dir, PrintStream log) {
    List<Path> handled = new ArrayList<>();
    if (!Files.isDirectory(dir)) return handled;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (n.endsWith(".old.tmp")) {
          Path original = dir.resolve(n.substring(1, n.length() - ".old.tmp".length()));
          if (!Files.exists(original)) {
            move(p, original);
            log.println("restored " + original + " from " + p + " (a run was killed while replacing it)");
            handled.add(p);
            continue;
          }
        }
        deleteTree(p);
        log.println("removed stale temporary " + p);
        handled.add(p);
      }
      if (!handled.isEmpty()) fsyncDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot clean stale temporaries: " + e.getMessage(), e);
    }
    return handled;
  }

  /** Refuses {@code out} when it names one of {@code inputs} (the output would destroy its own input). */
  public static void refuseOverwritingInput(String option, Path out, Path... inputs) {
    for (Path in : inputs) {
      if (in == null || out == null) continue;
      boolean same;
      try {
        same = Files.exists(out) && Files.exists(in) ? Files.isSameFile(out, in)
            : out.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize());
      } catch (IOException e) {
        same = out.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize());
      }
      if (same) {
        throw new IllegalArgumentException(option + " " + out + " is the input file " + in
            + "; writing it would destroy the input (choose another output path)");
      }
    }
  }

  /** fsync of every regular file below {@code root}, then of every directory (deepest first). */
  public static void fsyncTree(Path root) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) if (Files.isRegularFile(p)) fsyncFile(p);
    for (Path p : all) if (Files.isDirectory(p)) fsyncDirectory(p);
  }

  public static void fsyncFile(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Makes a rename or create inside {@code dir} durable (Linux allows fsync on a directory opened read-only). */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!Files.isDirectory(dir)) throw e; // some file systems refuse fsync on a directory: the rename stays atomic
    }
  }

  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

// JavaCPP extracts its native libraries (LibTorch, OpenBLAS, OpenCV) into a per-user cache
// (~/.javacpp/cache) on first use. Two JVMs that start together on an empty cache race: one can
// dlopen a library the other is still writing and die with SIGBUS inside ld.so (seen here: two
// `demo` runs started at once on a fresh machine; JavaCPP issue #608). So a process loads these
// libraries while it holds an exclusive lock on a file in that cache: the first one extracts, the
// others wait, then find complete files and extract nothing.
package org.anatomyr1.model;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;

public final class NativeLibraryCache {
  private static final Logger LOG = Logger.getLogger(NativeLibraryCache.class.getName());
  static final String LOCK_FILE = "anatomy-r1-load.lock";
  private static boolean loaded; // FileLock is per JVM: a second lock() in the same process would throw

  private NativeLibraryCache() {}

  /**
   * Loads LibTorch and OpenCV (extracting them into JavaCPP's cache if needed) under the cache's
   * inter-process lock; later calls in the same process return at once. Where no lock can be taken
   * (no cache directory, a read-only or NFS cache that is already filled) it warns and loads unlocked,
   * as JavaCPP alone would.
   */
  public static synchronized void load() {
    if (loaded) return;
    FileChannel channel = null;
    FileLock lock = null;
    try {
      File dir = Loader.getCacheDir();
      channel = FileChannel.open(dir.toPath().resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = channel.lock(); // waits while another process extracts
    } catch (IOException e) {
      LOG.warning("cannot lock JavaCPP's cache (" + e + "); loading native libraries unlocked");
    }
    try {
      loadLibraries();
    } finally {
      close(lock, channel);
    }
  }

  private static void close(FileLock lock, FileChannel channel) {
    try {
      if (lock != null) lock.release();
      if (channel != null) channel.close();
    } catch (IOException e) {
      LOG.warning("releasing JavaCPP's cache lock: " + e);
    }
  }

  private static void loadLibraries() {
    Loader.load(org.bytedeco.pytorch.global.torch.class);
    Loader.load(org.bytedeco.opencv.global.opencv_core.class);
    loaded = true;
  }
}

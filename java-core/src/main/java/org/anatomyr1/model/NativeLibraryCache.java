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
import java.nio.file.Path;
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
   * inter-process lock; later calls in the same process return at once. Without a writable cache
   * directory it loads without the lock (JavaCPP then fails with its own message if it must extract).
   */
  public static synchronized void load() {
    if (loaded) return;
    File dir;
    try {
      dir = Loader.getCacheDir();
    } catch (IOException e) {
      LOG.warning("JavaCPP cache directory unavailable (" + e.getMessage() + "); loading native libraries unlocked");
      loadLibraries();
      return;
    }
    Path lockFile = dir.toPath().resolve(LOCK_FILE);
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      loadLibraries();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("locking " + lockFile + " to load native libraries: " + e.getMessage(), e);
    }
  }

  private static void loadLibraries() {
    Loader.load(org.bytedeco.pytorch.global.torch.class);
    Loader.load(org.bytedeco.opencv.global.opencv_core.class);
    loaded = true;
  }
}

// Three real JVMs start together on an empty JavaCPP cache (their own -Dorg.bytedeco.javacpp.cachedir):
// under the cache lock each one loads LibTorch and OpenCV and computes, and the libraries are
// extracted once. Unlocked (NativeLoadProbe "unlocked"), the same start crashed one of the three JVMs
// with SIGBUS in ld.so in 2 runs of 2 (JavaCPP #608). A cache where no lock can be taken still loads.
package org.anatomyr1.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {
  @Test
  void processesStartedTogetherOnAnEmptyCacheAllLoad(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    List<Process> procs = new ArrayList<>();
    for (int i = 0; i < 3; i++) procs.add(probe(cache, tmp.resolve("probe" + i + ".log")));
    for (int i = 0; i < procs.size(); i++) {
      Process p = procs.get(i);
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), "probe " + i + " finishes");
      String log = Files.readString(tmp.resolve("probe" + i + ".log"));
      assertEquals(0, p.exitValue(), "probe " + i + " log:\n" + log);
      assertTrue(log.contains("sum 3.0"), log);
    }
    assertTrue(Files.exists(cache.resolve(NativeLibraryCache.LOCK_FILE)), "the lock file lives in the cache");
    deleteTree(cache); // ourselves: the cache links to CUDA libraries outside it, which @TempDir warns about
  }

  @Test
  void withoutALockItWarnsAndStillLoads(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    Files.createDirectories(cache.resolve(NativeLibraryCache.LOCK_FILE)); // a directory: cannot be opened for writing
    Path logFile = tmp.resolve("probe.log");
    Process p = probe(cache, logFile);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "probe finishes");
    String log = Files.readString(logFile);
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("cannot lock JavaCPP's cache") && log.contains("sum 3.0"), log);
    deleteTree(cache);
  }

  private static Process probe(Path cache, Path log) throws java.io.IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Dorg.bytedeco.javacpp.cachedir=" + cache,
        "-cp", System.getProperty("java.class.path"), NativeLoadProbe.class.getName());
    return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) { // walk does not follow links; delete removes a link, not its target
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}

// Backend discovery: the CPU library loads with the right ABI, CUDA says why it is unavailable,
// selection by name, and the cache extraction of the loader.
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsTest {

  @Test
  void describeLoadsTheCpuLibrary() {
    BackendInfo info = Backends.describe();
    System.out.print(info.summary());
    assertTrue(Files.isRegularFile(info.cpuLibrary()), info.cpuLibrary().toString());
    assertEquals(KernelAbi.VERSION, info.abiVersion());
    assertTrue(info.cpuThreads() >= 1);
    assertEquals(info.cudaAvailable(), info.cudaUnavailableReason().isEmpty(),
        "a reason exactly when CUDA is unavailable: '" + info.cudaUnavailableReason() + "'");
  }

  @Test
  void cudaUnavailableSaysWhy() {
    BackendInfo info = Backends.describe();
    if (info.cudaAvailable()) {
      assertEquals(Backend.CUDA, Backends.select("auto"));
      assertEquals(Backend.CUDA, KernelOps.cuda().backend());
      return;
    }
    assertFalse(info.cudaUnavailableReason().isBlank());
    assertEquals(Backend.CPU, Backends.select("auto"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select("cuda"));
    assertTrue(e.getMessage().contains(info.cudaUnavailableReason()), e.getMessage());
    e = assertThrows(IllegalStateException.class, KernelOps::cuda);
    assertTrue(e.getMessage().contains(info.cudaUnavailableReason()), e.getMessage());
    assertThrows(IllegalStateException.class, CudaStream::create);
    assertThrows(IllegalStateException.class, () -> DeviceBuffer.allocate(16));
  }

  @Test
  void javacppCudaProbeNeverThrows() {
    CudaRuntime.Probe p = CudaRuntime.probe();
    System.out.println("JavaCPP CUDA probe: " + p);
    assertEquals(p.deviceCount() == 0, !p.reason().isEmpty(), p.toString());
    assertEquals(p.deviceCount(), p.devices().size(), p.toString());
  }

  @Test
  void selectByName() {
    assertEquals(Backend.CPU, Backends.select("cpu"));
    assertEquals(Backend.CPU, Backends.select(" CPU "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("tpu"));
    assertTrue(e.getMessage().contains("cpu, cuda, auto"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Backends.select(null));
    assertEquals(Backend.CPU, KernelOps.of(Backend.CPU).backend());
  }

  @Test
  void extractionIsAtomicAndIdempotentUnderRaces(@TempDir Path dir) throws Exception {
    String old = System.getProperty("ar1.native.cache");
    System.setProperty("ar1.native.cache", dir.toString());
    try {
      byte[] payload = new byte[1 << 20];
      new java.util.Random(5).nextBytes(payload);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> NativeLibraries.extract("libfake.so", payload)));
      }
      Path first = results.get(0).get();
      for (Future<Path> f : results) {
        assertEquals(first, f.get());
      }
      pool.shutdown();
      assertTrue(first.startsWith(dir), first.toString());
      assertTrue(first.getParent().getFileName().toString().startsWith("abi" + KernelAbi.VERSION + "-"));
      assertArrayEquals(payload, Files.readAllBytes(first));
      try (Stream<Path> s = Files.list(first.getParent())) {
        assertEquals(List.of(first.getFileName().toString()),
            s.map(p -> p.getFileName().toString()).toList(), "no temporary files left behind");
      }
      // a corrupted cache entry is replaced
      Files.write(first, new byte[] {1, 2, 3});
      assertEquals(first, NativeLibraries.extract("libfake.so", payload));
      assertArrayEquals(payload, Files.readAllBytes(first));
    } finally {
      if (old == null) {
        System.clearProperty("ar1.native.cache");
      } else {
        System.setProperty("ar1.native.cache", old);
      }
    }
  }
}

// ComputeThreads: 0 means all cores and reaches LibTorch, OpenBLAS and our kernels alike; negative
// counts are rejected; the OpenMP wait policy the runs depend on is in effect (pom and launcher set it).
package org.anatomyr1.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.anatomyr1.kernels.KernelOps;
import org.anatomyr1.kernels.ProcessEnvironment;
import org.anatomyr1.kernels.OpenBlasThreads;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class ComputeThreadsTest {
  @Test
  void oneCountForEveryPool() {
    int before = torch.get_num_threads();
    try {
      int all = Runtime.getRuntime().availableProcessors();
      assertEquals(all, ComputeThreads.apply(0));
      assertEquals(all, torch.get_num_threads());
      assertEquals(all, OpenBlasThreads.get());
      assertEquals(all, KernelOps.cpu().threads());
      assertEquals(1, ComputeThreads.apply(1));
      assertEquals(1, torch.get_num_threads());
      assertEquals(1, OpenBlasThreads.get());
      assertEquals(1, KernelOps.cpu().threads());
      assertThrows(IllegalArgumentException.class, () -> ComputeThreads.apply(-1));
    } finally {
      ComputeThreads.apply(before);
    }
  }

  @Test
  void openMpSleepsWhenIdle() {
    ComputeThreads.prepare();
    assertEquals("PASSIVE", ProcessEnvironment.setDefault("OMP_WAIT_POLICY", "PASSIVE"));
  }

  @Test
  void javaCppMemoryCheckOffUnlessTheUserSetIt() {
    String before = System.getProperty(ComputeThreads.MAX_PHYSICAL_BYTES);
    try {
      System.clearProperty(ComputeThreads.MAX_PHYSICAL_BYTES);
      ComputeThreads.skipPhysicalBytesCheck();
      assertEquals("0", System.getProperty(ComputeThreads.MAX_PHYSICAL_BYTES));
      System.setProperty(ComputeThreads.MAX_PHYSICAL_BYTES, "8g");
      ComputeThreads.skipPhysicalBytesCheck();
      assertEquals("8g", System.getProperty(ComputeThreads.MAX_PHYSICAL_BYTES));
    } finally {
      if (before == null) System.clearProperty(ComputeThreads.MAX_PHYSICAL_BYTES);
      else System.setProperty(ComputeThreads.MAX_PHYSICAL_BYTES, before);
    }
  }
}

// Raw memory access (FFM, data_ptr, addresses, from_blob) in java-core only in torchinterop, the
// small interop package beside bindings/ (issue 8): every other package works on LibTorch tensors.
package org.anatomyr1.packagemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.anatomyr1.io.DurableFiles;
import org.junit.jupiter.api.Test;

class RawMemoryRuleTest {
  @Test
  void onlyTorchinteropTouchesRawMemory() {
    Map<String, Set<String>> uses = RawMemoryScan.scan(PackageGraph.classesOf(DurableFiles.class));
    Map<String, Set<String>> outside = new TreeMap<>(uses);
    outside.keySet().removeIf(c -> c.startsWith("org.anatomyr1.torchinterop."));
    assertEquals(Map.of(), outside, "raw memory access outside org.anatomyr1.torchinterop");
    // the scan sees the interop package's own uses, so an escape would be seen too
    assertTrue(uses.getOrDefault("org.anatomyr1.torchinterop.MappedFile", Set.of()).contains("java/lang/foreign/Arena"), uses.toString());
    assertTrue(uses.getOrDefault("org.anatomyr1.torchinterop.HostTensors", Set.of()).contains("org/bytedeco/pytorch/Tensor.data_ptr"), uses.toString());
  }
}

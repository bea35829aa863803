// MappedFile.release drops the file pages a copied-out tensor left resident (RssFile falls), and
// the bytes read afterwards are the file's (the pages fault back in).
package org.anatomyr1.torchinterop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileReleaseTest {
  static final int BYTES = 64 << 20;

  @Test
  void releasedPagesLeaveRssAndReadBackUnchanged(@TempDir Path tmp) throws Exception {
    byte[] content = new byte[BYTES];
    new java.util.Random(7).nextBytes(content);
    Path f = tmp.resolve("data.bin");
    Files.write(f, content);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ); MappedFile m = MappedFile.map(f, ch, BYTES);
        Tensor copy = m.tensor(0, BYTES, ScalarType.Byte, 1, new long[] {BYTES}).clone()) {
      long touched = rssFileKb(); // the copy read every page of the mapping
      m.release(0, BYTES);
      long released = rssFileKb();
      System.out.printf("MappedFileReleaseTest: RssFile %d kB after reading, %d kB after release%n", touched, released);
      assertTrue(touched - released >= (BYTES >> 10) * 3 / 4, "file pages left RSS: " + touched + " -> " + released + " kB");
      assertArrayEquals(java.util.Arrays.copyOf(content, 4096), m.bytes(0, 4096), "first page reads the file again");
      assertArrayEquals(java.util.Arrays.copyOfRange(content, BYTES - 4096, BYTES), m.bytes(BYTES - 4096, 4096), "last page");
      assertTrue(copy.numel() == BYTES);
    }
  }

  static long rssFileKb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("RssFile:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new IllegalStateException("no RssFile in /proc/self/status");
  }
}

// `anatomy-r1 kernels info` loads the real CPU library and explains the CUDA state.
package org.anatomyr1.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KernelsCommandTest {
  @Test
  void infoNamesTheLibraryAndTheCudaState() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = Main.run("kernels", "info");
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    assertTrue(out.contains("libar1_kernels.so"), out);
    assertTrue(out.contains("abi version : 1"), out);
    // either a device is listed or the reason it is not usable is given
    assertTrue(out.contains("cuda device") || out.contains("cuda reason : ") && !out.contains("cuda reason : \n"), out);
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertEquals(2, Main.run("no-such-command"));
  }
}

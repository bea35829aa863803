package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training reads a mixed-split canonical file and keeps only split absent / "train" records. */
class TrainingDataSplitTest {
  @TempDir Path dir;

  private static String rec(String id, String split) {
    String s = split == null ? "" : ",\"split\":\"" + split + "\"";
    return "{\"id\":\"" + id + "\",\"question\":\"q " + id + "?\",\"options\":[\"a\",\"b\"],\"answer_index\":0" + s + "}\n";
  }

  @Test
  void valAndTestRecordsAreLeftOutAndCounted() throws Exception {
    Path f = dir.resolve("mixed.jsonl");
    Files.writeString(f, rec("t1", "train") + rec("v1", "val") + rec("n1", null) + rec("x1", "test")
        + rec("v2", "val") + rec("t2", "Train"));
    PrintStream old = System.out;
    var buf = new ByteArrayOutputStream();
    TrainingData d;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      d = TrainingData.load(TrainConfig.load(null, List.of("data.train=" + f)));
    } finally {
      System.setOut(old);
    }
    assertEquals(List.of("t1", "n1", "t2"), d.samples().stream().map(VqaSample::id).toList());
    String msg = buf.toString(StandardCharsets.UTF_8);
    assertTrue(msg.contains("left out 3 of 6 records") && msg.contains("test (1)") && msg.contains("val (2)"), msg);
  }

  @Test
  void aFileWithOnlyHeldOutRecordsIsRefused() throws Exception {
    Path f = dir.resolve("val.jsonl");
    Files.writeString(f, rec("v1", "val") + rec("v2", "val"));
    var e = assertThrows(IllegalArgumentException.class,
        () -> TrainingData.load(TrainConfig.load(null, List.of("data.train=" + f))));
    assertTrue(e.getMessage().contains("no usable items"), e.getMessage());
  }
}

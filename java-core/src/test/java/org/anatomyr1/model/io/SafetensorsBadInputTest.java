// Corrupt safetensors files and checkpoint directories: each must fail with a CheckpointFormatException
// naming the file (and the tensor where there is one), never crash the JVM.
package org.anatomyr1.model.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.anatomyr1.torchinterop.HostTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsBadInputTest {
  @TempDir Path tmp;

  private Path file(String name, String header, int dataBytes) throws Exception {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path p = tmp.resolve(name);
    Files.write(p, b.array());
    return p;
  }

  private void expect(Path p, String... fragments) {
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafetensorsFile.open(p).close());
    String msg = e.getMessage();
    assertTrue(msg.contains(p.toString()), "message names the file: " + msg);
    for (String f : fragments) assertTrue(msg.contains(f), "message mentions '" + f + "': " + msg);
  }

  @Test
  void truncatedData() throws Exception {
    expect(file("trunc.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 12), "'w'", "beyond");
  }

  @Test
  void fileShorterThanHeaderLength() throws Exception {
    Path p = tmp.resolve("short.safetensors");
    Files.write(p, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(100).putInt(0).array());
    expect(p, "exceeds the file size");
    Path tiny = tmp.resolve("tiny.safetensors");
    Files.write(tiny, new byte[3]);
    expect(tiny, "too short");
  }

  @Test
  void headerLiesAboutSize() throws Exception {
    expect(file("lie.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}", 16), "'w'", "needs 24 bytes");
  }

  @Test
  void overlappingRanges() throws Exception {
    expect(file("overlap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlaps");
  }

  @Test
  void holeAndTrailingBytes() throws Exception {
    expect(file("hole.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,6]}}", 6), "'a'", "hole");
    expect(file("tail.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 6), "trailing");
  }

  @Test
  void unknownDtype() throws Exception {
    expect(file("dtype.safetensors", "{\"q\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2), "'q'", "F8_E4M3");
  }

  @Test
  void notJsonAndNegativeShape() throws Exception {
    expect(file("json.safetensors", "{\"a\":", 0), "JSON");
    expect(file("neg.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[-2],\"data_offsets\":[0,2]}}", 2), "'a'", "shape");
    expect(file("dup.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
        + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "JSON");
  }

  @Test
  void shardIndexPointingAtMissingTensor() throws Exception {
    Path dir = tmp.resolve("model");
    CheckpointWriter.write(dir, Map.of("x", HostTensors.floats(new float[] {1, 2}, 2)), Long.MAX_VALUE);
    Files.move(dir.resolve("model.safetensors"), dir.resolve("part.safetensors"));
    Files.writeString(dir.resolve(CheckpointDirectory.INDEX_FILE), "{\"weight_map\":{\"x\":\"part.safetensors\",\"y\":\"part.safetensors\"}}");
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> CheckpointDirectory.open(dir).close());
    assertTrue(e.getMessage().contains("'y'"), e.getMessage());
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    assertThrows(CheckpointFormatException.class, () -> CheckpointDirectory.open(empty));
  }
}

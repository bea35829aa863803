// Safetensors writer/reader round trip: every supported dtype bit-identical, deterministic bytes,
// sharded and single-file checkpoint directories loading the same tensors.
package org.anatomyr1.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
  static final long SEED = 20261122L;

  static Map<String, Tensor> randomTensors(long seed) {
    System.out.println("SafetensorsRoundTripTest seed " + seed);
    Random r = new Random(seed);
    Map<String, Tensor> m = new LinkedHashMap<>();
    float[] f = new float[7 * 5];
    for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian() * (i == 3 ? 1e30f : 1f);
    m.put("b.f32", HostTensors.floats(f, 7, 5));
    m.put("a.bf16", HostTensors.floats(f, 5, 7).to(ScalarType.BFloat16));
    m.put("c.f16", HostTensors.floats(f, 35).to(ScalarType.Half));
    long[] l = new long[9];
    for (int i = 0; i < l.length; i++) l[i] = r.nextLong();
    m.put("d.i64", HostTensors.longs(l, 3, 3));
    int[] ints = new int[3];
    for (int i = 0; i < ints.length; i++) ints[i] = r.nextInt();
    m.put("e.i32", HostTensors.ints(ints, 3));
    byte[] u8 = new byte[11];
    r.nextBytes(u8);
    m.put("f.u8", HostTensors.bytes(u8, ScalarType.Byte, 11));
    m.put("g.empty", HostTensors.floats(new float[0], 0, 4));
    m.put("h.scalar", HostTensors.floats(new float[] {42f}));
    return m;
  }

  @Test
  void roundTripIsBitIdenticalAndDeterministic(@TempDir Path tmp) throws Exception {
    Map<String, Tensor> tensors = randomTensors(SEED);
    Path a = tmp.resolve("a.safetensors");
    Path b = tmp.resolve("b.safetensors");
    SafetensorsWriter.write(a, tensors, Map.of("format", "pt"));
    SafetensorsWriter.write(b, new java.util.TreeMap<>(tensors), Map.of("format", "pt"));
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same tensors must give the same bytes");
    assertEquals(0, (Files.readAllBytes(a)[0] & 0xff) % 8, "header length padded to a multiple of 8");
    try (SafetensorsFile f = SafetensorsFile.open(a)) {
      assertEquals(tensors.keySet(), new java.util.TreeSet<>(f.names()));
      assertEquals("pt", f.metadata().get("format"));
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        Tensor got = f.tensor(e.getKey());
        assertEquals(e.getValue().scalar_type().value, got.scalar_type().value, e.getKey());
        assertArrayEquals(HostTensors.shape(e.getValue()), HostTensors.shape(got), e.getKey());
        assertArrayEquals(HostTensors.rawBytes(e.getValue()), HostTensors.rawBytes(got), e.getKey());
        assertArrayEquals(HostTensors.rawBytes(e.getValue()), f.bytes(e.getKey()), e.getKey());
      }
      // zero-copy views are writable (copy-on-write mapping) without touching the file
      f.tensor("b.f32").mul_(new org.bytedeco.pytorch.Scalar(2.0));
    }
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "writing into a view must not change the file");
  }

  @Test
  void shardedAndSingleFileDirectoriesLoadTheSameTensors(@TempDir Path tmp) {
    Map<String, Tensor> tensors = randomTensors(SEED + 1);
    Path single = tmp.resolve("single");
    Path sharded = tmp.resolve("sharded");
    CheckpointWriter.write(single, tensors, Long.MAX_VALUE);
    CheckpointWriter.write(sharded, tensors, 64); // forces several shards
    assertTrue(Files.exists(single.resolve(CheckpointDirectory.SINGLE_FILE)));
    assertTrue(Files.exists(sharded.resolve(CheckpointDirectory.INDEX_FILE)));
    try (CheckpointDirectory s = CheckpointDirectory.open(single);
        CheckpointDirectory m = CheckpointDirectory.open(sharded)) {
      assertEquals(s.names(), m.names());
      for (String n : s.names()) {
        assertArrayEquals(HostTensors.rawBytes(s.tensor(n)), HostTensors.rawBytes(m.tensor(n)), n);
      }
    }
  }
}

// Writes a safetensors file whose tensor bytes are produced on the fly, one tensor at a time, so a
// multi-GB shard never sits in memory: the header is built from names, dtypes and shapes alone
// (same layout as SafetensorsWriter: names sorted, space-padded to 8 bytes), then each tensor's
// bytes are streamed by a callback. Written to `<file>.tmp` and renamed.
package org.anatomyr1.model.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class SafetensorsStreamWriter {
  private SafetensorsStreamWriter() {}

  /** One tensor to be written: its name, file dtype and shape. */
  public record Spec(String name, SafetensorsDtype dtype, long[] shape) {
    public Spec {
      shape = shape.clone();
    }

    public long numel() {
      long n = 1;
      for (long s : shape) n = Math.multiplyExact(n, s);
      return n;
    }

    public long bytes() {
      return Math.multiplyExact(numel(), (long) dtype.bytes);
    }
  }

  /** Produces exactly {@code spec.bytes()} bytes of one tensor into {@code out}. */
  @FunctionalInterface
  public interface TensorBytes {
    void write(Spec spec, FileChannel out) throws IOException;
  }

  /** Writes {@code specs} (any order; stored sorted by name) to {@code path}, bytes from {@code source}. */
  public static void write(Path path, List<Spec> specs, Map<String, String> metadata, TensorBytes source) {
    TreeMap<String, Spec> sorted = new TreeMap<>();
    for (Spec s : specs) {
      if (s.name().equals("__metadata__")) throw new IllegalArgumentException("'__metadata__' is not a tensor name");
      if (sorted.put(s.name(), s) != null) throw new IllegalArgumentException("duplicate tensor name '" + s.name() + "'");
    }
    byte[] header = header(sorted, metadata);
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      if (path.getParent() != null) Files.createDirectories(path.getParent());
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip());
        writeFully(out, ByteBuffer.wrap(header));
        for (Spec s : sorted.values()) {
          long before = out.position();
          source.write(s, out);
          long written = out.position() - before;
          if (written != s.bytes()) {
            throw new IllegalStateException("tensor '" + s.name() + "': wrote " + written + " bytes, expected " + s.bytes());
          }
        }
      }
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** The space-padded JSON header (without its 8-byte length prefix). */
  static byte[] header(TreeMap<String, Spec> sorted, Map<String, String> metadata) {
    StringBuilder json = new StringBuilder("{");
    boolean first = true;
    if (metadata != null && !metadata.isEmpty()) {
      json.append(quote("__metadata__")).append(":{");
      boolean f = true;
      for (Map.Entry<String, String> kv : new TreeMap<>(metadata).entrySet()) {
        if (!f) json.append(',');
        f = false;
        json.append(quote(kv.getKey())).append(':').append(quote(kv.getValue()));
      }
      json.append('}');
      first = false;
    }
    long offset = 0;
    for (Spec s : sorted.values()) {
      if (!first) json.append(',');
      first = false;
      json.append(quote(s.name())).append(":{\"dtype\":\"").append(s.dtype().headerName).append("\",\"shape\":[");
      for (int i = 0; i < s.shape().length; i++) {
        if (i > 0) json.append(',');
        json.append(s.shape()[i]);
      }
      json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + s.bytes()).append("]}");
      offset += s.bytes();
    }
    json.append('}');
    byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
    byte[] padded = Arrays.copyOf(raw, (raw.length + 7) / 8 * 8);
    Arrays.fill(padded, raw.length, padded.length, (byte) ' ');
    return padded;
  }

  static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) out.write(b);
  }

  private static String quote(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}

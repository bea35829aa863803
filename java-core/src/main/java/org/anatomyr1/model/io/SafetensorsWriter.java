// Writes tensors in the standard safetensors format: 8-byte little-endian header length, a compact
// JSON header (tensors in name order, space-padded to a multiple of 8 bytes), then the raw data in
// the same order without gaps. The output depends only on the tensors and metadata given.
package org.anatomyr1.model.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.bytedeco.javacpp.BytePointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.pytorch.Tensor;

public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  /** Writes {@code tensors} (any device, any supported dtype) to {@code path} atomically. */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
    TreeMap<String, Tensor> sorted = new TreeMap<>(tensors);
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
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("'__metadata__' is not a tensor name");
      Tensor t = e.getValue();
      SafetensorsDtype dtype = SafetensorsDtype.fromScalarType(t.scalar_type());
      long bytes = t.numel() * dtype.bytes;
      if (!first) json.append(',');
      first = false;
      json.append(quote(e.getKey())).append(":{\"dtype\":\"").append(dtype.headerName).append("\",\"shape\":[");
      for (int i = 0; i < t.dim(); i++) {
        if (i > 0) json.append(',');
        json.append(t.size(i));
      }
      json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
      offset += bytes;
    }
    json.append('}');
    byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (header.length + 7) / 8 * 8;
    byte[] headerPadded = new byte[padded];
    java.util.Arrays.fill(headerPadded, (byte) ' ');
    System.arraycopy(header, 0, headerPadded, 0, header.length);

    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      if (path.getParent() != null) Files.createDirectories(path.getParent());
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).flip());
        writeFully(out, ByteBuffer.wrap(headerPadded));
        for (Tensor t : sorted.values()) writeTensor(out, t);
      }
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** Streams a tensor's bytes from LibTorch memory in chunks (tensors may exceed 2 GiB). */
  private static void writeTensor(FileChannel out, Tensor t) throws IOException {
    Tensor c = t.is_cuda() ? t.cpu().contiguous() : t.contiguous();
    long n = c.numel() * c.element_size();
    if (n == 0) return;
    BytePointer base = new BytePointer(c.data_ptr()).capacity(n);
    for (long off = 0; off < n; off += CHUNK) {
      long len = Math.min(CHUNK, n - off);
      BytePointer slice = new BytePointer(base).position(off).limit(off + len);
      writeFully(out, slice.asByteBuffer());
    }
  }

  private static final long CHUNK = 64L << 20;

  private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) out.write(b);
  }

  private static String quote(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}

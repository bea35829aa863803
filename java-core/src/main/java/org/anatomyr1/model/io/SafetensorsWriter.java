// Writes tensors in the standard safetensors format: 8-byte little-endian header length, a compact
// JSON header (tensors in name order, space-padded to a multiple of 8 bytes), then the raw data in
// the same order without gaps. The output depends only on the tensors and metadata given.
package org.anatomyr1.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;

public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  /** Writes {@code tensors} (any device, any supported dtype) to {@code path} atomically. */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
    TreeMap<String, Tensor> sorted = new TreeMap<>(tensors);
    // one header builder for both writers (SafetensorsStreamWriter's); shapes and dtypes from the tensors
    TreeMap<String, SafetensorsStreamWriter.Spec> specs = new TreeMap<>();
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("'__metadata__' is not a tensor name");
      specs.put(e.getKey(), spec(e.getKey(), e.getValue()));
    }
    byte[] headerPadded = SafetensorsStreamWriter.header(specs, metadata);
    int padded = headerPadded.length;

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

  /** The header entry of {@code t} stored as {@code name}: its file dtype and shape. */
  public static SafetensorsStreamWriter.Spec spec(String name, Tensor t) {
    long[] shape = new long[(int) t.dim()];
    for (int i = 0; i < shape.length; i++) shape[i] = t.size(i);
    return new SafetensorsStreamWriter.Spec(name, SafetensorsDtype.fromScalarType(t.scalar_type()), shape);
  }

  /** Streams a tensor's bytes from LibTorch memory in chunks (tensors may exceed 2 GiB). */
  private static void writeTensor(FileChannel out, Tensor t) throws IOException {
    HostTensors.writeRawBytes(t, out, CHUNK);
  }

  private static final long CHUNK = 64L << 20;

  private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) out.write(b);
  }
}

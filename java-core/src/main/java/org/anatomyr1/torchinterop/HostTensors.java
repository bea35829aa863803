// Copies between Java arrays (or channels) and CPU LibTorch tensors (the only place java-core reads or
// writes tensor memory from Java). Tensors returned own their memory.
package org.anatomyr1.torchinterop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class HostTensors {
  private HostTensors() {}

  public static Tensor floats(float[] data, long... shape) {
    checkCount(data.length, shape);
    try (FloatPointer p = new FloatPointer(data); TensorOptions o = new TensorOptions(ScalarType.Float)) {
      return torch.from_blob(p, shape, o).clone();
    }
  }

  public static Tensor longs(long[] data, long... shape) {
    checkCount(data.length, shape);
    try (LongPointer p = new LongPointer(data); TensorOptions o = new TensorOptions(ScalarType.Long)) {
      return torch.from_blob(p, shape, o).clone();
    }
  }

  public static Tensor ints(int[] data, long... shape) {
    checkCount(data.length, shape);
    try (IntPointer p = new IntPointer(data); TensorOptions o = new TensorOptions(ScalarType.Int)) {
      return torch.from_blob(p, shape, o).clone();
    }
  }

  /** {@code data} holds the raw little-endian elements of {@code type}; its length must match the shape. */
  public static Tensor bytes(byte[] data, ScalarType type, long... shape) {
    long n = 1;
    for (long s : shape) n *= s;
    long need = n * torch.elementSize(type);
    if (need != data.length) {
      throw new IllegalArgumentException(data.length + " bytes do not fit shape " + java.util.Arrays.toString(shape)
          + " of " + type + " (" + need + " bytes)");
    }
    try (BytePointer p = new BytePointer(data); TensorOptions o = new TensorOptions(type)) {
      return torch.from_blob(p, shape, o).clone();
    }
  }

  public static float[] toFloats(Tensor t) {
    Tensor c = cpuContiguous(t, ScalarType.Float);
    float[] out = new float[Math.toIntExact(c.numel())];
    if (out.length > 0) new FloatPointer(c.data_ptr()).get(out);
    return out;
  }

  public static long[] toLongs(Tensor t) {
    Tensor c = cpuContiguous(t, ScalarType.Long);
    long[] out = new long[Math.toIntExact(c.numel())];
    if (out.length > 0) new LongPointer(c.data_ptr()).get(out);
    return out;
  }

  public static int[] toInts(Tensor t) {
    Tensor c = cpuContiguous(t, ScalarType.Int);
    int[] out = new int[Math.toIntExact(c.numel())];
    if (out.length > 0) new IntPointer(c.data_ptr()).get(out);
    return out;
  }

  /** The raw little-endian bytes of a tensor in its own dtype (CPU, contiguous copy if needed). */
  public static byte[] rawBytes(Tensor t) {
    Tensor c = t.is_cuda() ? t.cpu().contiguous() : t.contiguous();
    long n = c.numel() * c.element_size();
    byte[] out = new byte[Math.toIntExact(n)];
    if (n > 0) new BytePointer(c.data_ptr()).get(out);
    return out;
  }

  /** Streams the raw little-endian bytes of {@code t} (CPU, contiguous copy if needed) to {@code out} in chunks of {@code chunkBytes}. */
  public static void writeRawBytes(Tensor t, WritableByteChannel out, long chunkBytes) throws IOException {
    Tensor c = t.is_cuda() ? t.cpu().contiguous() : t.contiguous();
    long n = c.numel() * c.element_size();
    if (n == 0) return;
    BytePointer base = new BytePointer(c.data_ptr()).capacity(n);
    for (long off = 0; off < n; off += chunkBytes) {
      long len = Math.min(chunkBytes, n - off);
      BytePointer slice = new BytePointer(base).position(off).limit(off + len);
      ByteBuffer b = slice.asByteBuffer();
      while (b.hasRemaining()) out.write(b);
    }
  }

  /** JavaCPP may return enum constants that are distinct objects: compare native values. */
  public static boolean sameType(ScalarType a, ScalarType b) {
    return a.value == b.value;
  }

  public static long[] shape(Tensor t) {
    long[] s = new long[(int) t.dim()];
    for (int i = 0; i < s.length; i++) s[i] = t.size(i);
    return s;
  }

  private static Tensor cpuContiguous(Tensor t, ScalarType type) {
    Tensor c = t.is_cuda() ? t.cpu() : t;
    if (!sameType(c.scalar_type(), type)) c = c.to(type);
    return c.contiguous();
  }

  private static void checkCount(long n, long[] shape) {
    long m = 1;
    for (long s : shape) m *= s;
    if (m != n) throw new IllegalArgumentException(n + " values do not fit shape " + java.util.Arrays.toString(shape));
  }
}

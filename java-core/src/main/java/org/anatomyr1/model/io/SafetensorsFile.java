// A safetensors file opened for reading: the header is validated up front, the whole file is
// memory-mapped (torchinterop.MappedFile) and tensors are LibTorch views of the mapping (zero-copy)
// while the file stays open. Zero-copy needs a copy-on-write (PRIVATE) mapping, so that LibTorch may
// write into a tensor without touching the file or faulting; a file we may not open for writing is
// mapped read-only and its tensors are copied out instead.
package org.anatomyr1.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import org.anatomyr1.torchinterop.MappedFile;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

public final class SafetensorsFile implements AutoCloseable {
  private final Path path;
  private final SafetensorsHeader header;
  private final MappedFile mapped; // the whole file
  private final boolean zeroCopy; // mapping is copy-on-write: views are safe to hand out
  private boolean closed;

  private SafetensorsFile(Path path, SafetensorsHeader header, MappedFile mapped) {
    this.path = path;
    this.header = header;
    this.mapped = mapped;
    this.zeroCopy = mapped.isCopyOnWrite();
  }

  /** Opens and validates {@code path}; every format error names the file (and tensor). */
  public static SafetensorsFile open(Path path) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) throw new CheckpointFormatException(path + ": " + size + " bytes, too short for a safetensors file");
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.getLong(0);
      if (headerLen < 2 || headerLen > SafetensorsHeader.MAX_HEADER_BYTES) {
        throw new CheckpointFormatException(path + ": header length " + headerLen + " is not plausible");
      }
      if (8 + headerLen > size) {
        throw new CheckpointFormatException(path + ": header length " + headerLen + " exceeds the file size " + size
            + " (file truncated?)");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8);
      SafetensorsHeader header = SafetensorsHeader.parse(path.toString(), hb.array(), size);
      return new SafetensorsFile(path, header, MappedFile.map(path, ch, size));
    } catch (IOException e) {
      throw new CheckpointFormatException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) throw new IOException("unexpected end of file");
    }
  }

  /** True when {@link #tensor} returns views of the (copy-on-write) mapping rather than copies. */
  public boolean isZeroCopy() {
    return zeroCopy;
  }

  public Path path() {
    return path;
  }

  public Map<String, String> metadata() {
    return header.metadata();
  }

  public Set<String> names() {
    return header.entries().keySet();
  }

  public TensorEntry entry(String name) {
    TensorEntry e = header.entries().get(name);
    if (e == null) throw new CheckpointFormatException(path + ": no tensor named '" + name + "'");
    return e;
  }

  /**
   * A LibTorch tensor with the bytes of {@code name}: a zero-copy view of the mapping (any
   * dtype) when {@link #isZeroCopy()}, valid only while this file is open; otherwise a copy. Data
   * not aligned to its element size is always copied (LibTorch kernels assume natural alignment).
   * Use {@link #tensorCopy} for a tensor that must outlive the file.
   */
  public Tensor tensor(String name) {
    TensorEntry e = entry(name);
    ensureOpen();
    if (e.numel() == 0) {
      return torch.empty(e.shape()).to(e.dtype().scalarType);
    }
    return mapped.tensor(header.dataOffset() + e.begin(), e.byteSize(), e.dtype().scalarType, e.dtype().bytes, e.shape());
  }

  /** A tensor owning its memory (a copy of the file's bytes), valid after close. */
  public Tensor tensorCopy(String name) {
    return tensor(name).clone();
  }

  /**
   * Drops the resident file pages of {@code name} (see {@link MappedFile#release}): for a tensor that
   * was copied out, before any view of this file was written to.
   */
  public void release(String name) {
    TensorEntry e = entry(name);
    ensureOpen();
    mapped.release(header.dataOffset() + e.begin(), e.byteSize());
  }

  /** The raw bytes of {@code name}, copied to the Java heap. */
  public byte[] bytes(String name) {
    TensorEntry e = entry(name);
    ensureOpen();
    return mapped.bytes(header.dataOffset() + e.begin(), e.byteSize());
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException(path + " is closed");
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      mapped.close();
    }
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + path + ", " + header.entries().size() + " tensors]";
  }
}

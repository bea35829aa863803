// A file memory-mapped through FFM and LibTorch tensors over byte ranges of it. A file we may write
// is mapped copy-on-write (PRIVATE), so that LibTorch may write into a view without touching the
// file or faulting; a file we may not open for writing is mapped read-only and tensors over it are
// copies. Together with HostTensors and DataPointers, the only raw-address code of java-core.
package org.anatomyr1.torchinterop;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class MappedFile implements AutoCloseable {
  private final Arena arena;
  private final MemorySegment mapped; // the whole file
  private final boolean copyOnWrite; // views are safe to hand out

  private MappedFile(Arena arena, MemorySegment mapped, boolean copyOnWrite) {
    this.arena = arena;
    this.mapped = mapped;
    this.copyOnWrite = copyOnWrite;
  }

  /** Maps the first {@code size} bytes of {@code path}; {@code readChannel} is an open read channel of it. */
  public static MappedFile map(Path path, FileChannel readChannel, long size) throws IOException {
    Arena arena = Arena.ofShared();
    try {
      if (Files.isWritable(path)) {
        try (FileChannel rw = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
          return new MappedFile(arena, rw.map(FileChannel.MapMode.PRIVATE, 0, size, arena), true);
        } catch (IOException | UnsupportedOperationException e) {
          // fall through to a read-only mapping
        }
      }
      return new MappedFile(arena, readChannel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena), false);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  /** True when {@link #tensor} may return views of the mapping rather than copies. */
  public boolean isCopyOnWrite() {
    return copyOnWrite;
  }

  /**
   * A tensor [shape] of {@code type} over the bytes [offset, offset + byteSize): a view of the
   * mapping (valid while this file is open) when it is copy-on-write and the data is aligned to
   * {@code elementBytes} (LibTorch kernels assume natural alignment); otherwise a copy.
   */
  public Tensor tensor(long offset, long byteSize, ScalarType type, long elementBytes, long[] shape) {
    long address = mapped.address() + offset;
    RawPointer ptr = new RawPointer(address, byteSize);
    try (TensorOptions o = new TensorOptions(type)) {
      Tensor view = torch.from_blob(ptr, shape, o);
      return copyOnWrite && address % elementBytes == 0 ? view : view.clone();
    }
  }

  /**
   * Drops the resident pages over [offset, offset + byteSize) (madvise DONTNEED through
   * MemorySegment.unload, widened to whole pages), so a tensor that was copied out no longer counts
   * in RSS: converting a bf16 3B checkpoint to fp32 otherwise holds all 7.5 GB of file pages on top
   * of the 15 GB of copies until the load ends. Only for pages no view was written through: a
   * copy-on-write page would lose its writes (later reads fault the file's bytes back in).
   */
  public void release(long offset, long byteSize) {
    if (byteSize > 0) mapped.asSlice(offset, byteSize).unload();
  }

  /** The bytes [offset, offset + byteSize), copied to the Java heap. */
  public byte[] bytes(long offset, long byteSize) {
    return mapped.asSlice(offset, byteSize).toArray(ValueLayout.JAVA_BYTE);
  }

  @Override
  public void close() {
    arena.close();
  }

  /** JavaCPP pointer to memory owned elsewhere (the mapping); never deallocates it. */
  private static final class RawPointer extends org.bytedeco.javacpp.Pointer {
    RawPointer(long address, long bytes) {
      this.address = address;
      this.limit = bytes;
      this.capacity = bytes;
    }
  }
}

// glibc's own count of the heap bytes in use (mallinfo2: uordblks + hblkhd, over every arena),
// read through FFM: what LibTorch's CPU allocator, OpenCV and the JVM's native parts hold through
// malloc right now, without the free pages and fragmentation that resident memory also counts.
package org.anatomyr1.it;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

final class MallocStats {
  private MallocStats() {}

  // struct mallinfo2 { size_t arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost; }
  private static final MemoryLayout MALLINFO2 = MemoryLayout.sequenceLayout(10, ValueLayout.JAVA_LONG);
  private static final int HBLKHD = 4; // bytes in mmapped chunks
  private static final int UORDBLKS = 7; // bytes in use in the arenas

  private static final MethodHandle MALLINFO = Linker.nativeLinker().defaultLookup().find("mallinfo2")
      .map(s -> Linker.nativeLinker().downcallHandle(s, FunctionDescriptor.of(
          MemoryLayout.structLayout(MALLINFO2.withName("fields")))))
      .orElse(null);

  /** True where glibc provides mallinfo2 (2.33 and later). */
  static boolean available() {
    return MALLINFO != null;
  }

  /** Heap bytes allocated and not yet freed, or -1 without mallinfo2. */
  static long inUseBytes() {
    if (MALLINFO == null) return -1;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment info = (MemorySegment) MALLINFO.invokeExact((SegmentAllocator) arena);
      return info.getAtIndex(ValueLayout.JAVA_LONG, UORDBLKS) + info.getAtIndex(ValueLayout.JAVA_LONG, HBLKHD);
    } catch (Throwable t) {
      throw new IllegalStateException("mallinfo2 failed: " + t, t);
    }
  }
}

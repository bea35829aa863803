// A reading of this process's native memory for leak checks: resident set size (JavaCPP's
// Pointer.physicalBytes, from /proc), the bytes and the number of native objects JavaCPP tracks
// (every live Tensor handle, buffer, scope-owned pointer with a deallocator). Taken after the
// garbage collector has run and JavaCPP has run the deallocators of what it found unreachable,
// and after glibc has returned free heap pages (malloc_trim), so that it measures what is still
// owned, not GC timing or allocator caching. It also reads what the JVM itself has committed (Java
// heap, metaspace, code cache), which resident memory counts too and the JVM grows on its own.
package org.anatomyr1.it;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

record NativeMemory(long rssBytes, long jvmBytes, long mallocBytes, long trackedBytes, long trackedCount) {
  /** Collects until the tracked count is stable (three rounds at most), trims the heap, reads. */
  static NativeMemory settled() {
    long count = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      System.gc();
      sleep(100); // reference processing runs on its own thread after the collection
      Pointer.deallocateReferences(); // runs the deallocators of the pointers found unreachable
      long now = Pointer.totalCount();
      if (now == count) break;
      count = now;
    }
    Pointer.trimMemory();
    return new NativeMemory(Pointer.physicalBytes(), jvmCommittedBytes(), MallocStats.inUseBytes(), Pointer.totalBytes(),
        Pointer.totalCount());
  }

  /** Resident memory less the JVM's committed pools: what native code and thread stacks hold resident.
   * An estimate: committed heap pages are not all resident, so it can only understate. */
  long rssOutsideJvmBytes() {
    return rssBytes - jvmBytes;
  }

  NativeMemory minus(NativeMemory base) {
    return new NativeMemory(rssBytes - base.rssBytes, jvmBytes - base.jvmBytes, mallocBytes - base.mallocBytes,
        trackedBytes - base.trackedBytes, trackedCount - base.trackedCount);
  }

  /** Committed bytes of every JVM memory pool: the Java heap's regions, metaspace, the code cache. */
  private static long jvmCommittedBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) sum += pool.getUsage().getCommitted();
    return sum;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "rss %.1f MiB (JVM committed %.1f MiB), malloc %.2f MiB, tracked %.3f MiB in %d objects",
        rssBytes / 1048576.0, jvmBytes / 1048576.0, mallocBytes / 1048576.0, trackedBytes / 1048576.0, trackedCount);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while settling native memory", e);
    }
  }
}

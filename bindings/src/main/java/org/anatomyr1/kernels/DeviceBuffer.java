// Device memory owned from Java (cudaMalloc / cudaFree through JavaCPP), for trainers that call
// the CUDA kernels without LibTorch, and for the CUDA-vs-CPU tests.
package org.anatomyr1.kernels;

import java.lang.foreign.MemorySegment;

/** A cudaMalloc'd buffer; its {@link #segment()} is what {@link CudaKernelOps} takes. */
public final class DeviceBuffer implements AutoCloseable {
  private final long address;
  private final long byteSize;
  private boolean closed;

  private DeviceBuffer(long address, long byteSize) {
    this.address = address;
    this.byteSize = byteSize;
  }

  /**
   * Allocates {@code bytes} of device memory on the current device.
   *
   * @throws IllegalStateException with the reason when there is no CUDA device
   */
  public static DeviceBuffer allocate(long bytes) {
    Args.nonNegative("DeviceBuffer bytes", bytes);
    CudaRuntime.requireDevice("DeviceBuffer.allocate");
    return new DeviceBuffer(CudaRuntime.malloc(bytes), bytes);
  }

  /** A device copy of a host segment (synchronous). */
  public static DeviceBuffer copyOf(MemorySegment host) {
    DeviceBuffer b = allocate(host.byteSize());
    b.copyFromHost(host);
    return b;
  }

  /** The device address as a segment of {@link #byteSize()} bytes; never dereference it in Java. */
  public MemorySegment segment() {
    checkOpen();
    return MemorySegment.ofAddress(address).reinterpret(byteSize);
  }

  /** Bytes allocated. */
  public long byteSize() {
    return byteSize;
  }

  /** Copies {@code min(host, this)} bytes host -> device (synchronous, default stream). */
  public void copyFromHost(MemorySegment host) {
    checkOpen();
    Args.segment("host", host, 0, 1);
    if (!host.isNative()) {
      throw new IllegalArgumentException("host must be a native segment");
    }
    CudaRuntime.copyToDevice(address, host.address(), Math.min(host.byteSize(), byteSize));
  }

  /** Copies {@code min(host, this)} bytes device -> host (synchronous, default stream). */
  public void copyToHost(MemorySegment host) {
    checkOpen();
    Args.segment("host", host, 0, 1);
    CudaRuntime.copyToHost(host.address(), address, Math.min(host.byteSize(), byteSize));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("DeviceBuffer is closed");
    }
  }

  /** cudaFree. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      CudaRuntime.free(address);
    }
  }
}

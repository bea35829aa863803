// A cudaStream_t handle for the CUDA kernels: owned (created here, destroyed on close) or
// borrowed (a trainer's or LibTorch's stream, never destroyed here).
package org.anatomyr1.kernels;

/** A CUDA stream handle; {@link #DEFAULT} is the legacy default stream (NULL). */
public final class CudaStream implements AutoCloseable {
  /** The legacy default stream (cudaStream_t NULL); also the only stream the CPU ops accept. */
  public static final CudaStream DEFAULT = new CudaStream(0L, false);

  private final long handle;
  private final boolean owned;
  private boolean closed;

  private CudaStream(long handle, boolean owned) {
    this.handle = handle;
    this.owned = owned;
  }

  /**
   * Creates a new stream with the JavaCPP CUDA runtime; {@link #close()} destroys it.
   *
   * @throws IllegalStateException with the reason when there is no CUDA device
   */
  public static CudaStream create() {
    CudaRuntime.requireDevice("CudaStream.create()");
    return new CudaStream(CudaRuntime.streamCreate(), true);
  }

  /** Borrows an existing {@code cudaStream_t} (0 = default stream); close() does not destroy it. */
  public static CudaStream wrap(long handle) {
    return handle == 0L ? DEFAULT : new CudaStream(handle, false);
  }

  /** The raw {@code cudaStream_t}. */
  public long handle() {
    if (closed) {
      throw new IllegalStateException("CudaStream 0x" + Long.toHexString(handle) + " is closed");
    }
    return handle;
  }

  /** Waits until all work queued on this stream has finished. */
  public void synchronize() {
    CudaRuntime.requireDevice("CudaStream.synchronize()");
    CudaRuntime.streamSynchronize(handle());
  }

  /** Destroys an owned stream; a no-op for borrowed ones. */
  @Override
  public synchronized void close() {
    if (!closed && owned) {
      CudaRuntime.streamDestroy(handle);
    }
    if (owned) {
      closed = true;
    }
  }

  @Override
  public String toString() {
    return handle == 0L ? "CudaStream[default]" : "CudaStream[0x" + Long.toHexString(handle) + "]";
  }
}

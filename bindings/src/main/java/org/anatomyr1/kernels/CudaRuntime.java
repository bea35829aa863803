// The JavaCPP CUDA runtime (org.bytedeco.cuda.global.cudart) behind device queries, streams and
// device buffers, so a JVM trainer without LibTorch can drive the CUDA kernels. Loading failures
// become a reason string instead of an exception.
package org.anatomyr1.kernels;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;

final class CudaRuntime {
  /** What the probe saw: a device count and names, or the reason there is no device. */
  record Probe(int deviceCount, List<String> devices, String reason) {}

  private static Probe probe;

  private CudaRuntime() {}

  /** Loads libcudart through JavaCPP once and counts devices; never throws. */
  static synchronized Probe probe() {
    if (probe == null) {
      probe = runProbe();
    }
    return probe;
  }

  private static Probe runProbe() {
    try {
      int[] count = new int[1];
      int err = cudart.cudaGetDeviceCount(count);
      if (err != cudart.cudaSuccess) {
        return new Probe(0, List.of(), "no CUDA device: cudaGetDeviceCount returned " + err
            + " (" + errorString(err) + ")");
      }
      if (count[0] <= 0) {
        return new Probe(0, List.of(), "no CUDA device: cudaGetDeviceCount returned 0 devices");
      }
      List<String> names = new ArrayList<>();
      for (int d = 0; d < count[0]; d++) {
        try (cudaDeviceProp p = new cudaDeviceProp()) {
          int e = cudart.cudaGetDeviceProperties(p, d);
          names.add(e == cudart.cudaSuccess
              ? p.name().getString() + " (sm_" + p.major() + p.minor() + ", "
                  + (p.totalGlobalMem() >> 20) + " MiB)"
              : "device " + d + " (cudaGetDeviceProperties: " + errorString(e) + ")");
        }
      }
      return new Probe(count[0], List.copyOf(names), "");
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      // UnsatisfiedLinkError / NoClassDefFoundError / ExceptionInInitializerError from JavaCPP's
      // Loader when libcudart or the JNI wrapper cannot be loaded on this machine
      Throwable root = t;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String hint = String.valueOf(root.getMessage()).contains("libcuda.so")
          ? " (no NVIDIA driver on this machine)" : "";
      return new Probe(0, List.of(), "JavaCPP CUDA presets could not load libcudart" + hint + ": " + root);
    }
  }

  static String errorString(int err) {
    try {
      return cudart.cudaGetErrorString(err).getString();
    } catch (RuntimeException | LinkageError e) {
      return "error " + err;
    }
  }

  /** Throws with the probe's reason when there is no device. */
  static void requireDevice(String what) {
    Probe p = probe();
    if (p.deviceCount() == 0) {
      throw new IllegalStateException(what + " needs a CUDA device: " + p.reason());
    }
  }

  static void check(String call, int err) {
    if (err != cudart.cudaSuccess) {
      throw new KernelException(call, NativeStatus.CUDA, errorString(err) + " (cudaError " + err + ")");
    }
  }

  /** A non-owning JavaCPP pointer to a raw address. */
  static Pointer pointer(long address) {
    return new Pointer() {
      {
        this.address = address;
      }
    };
  }

  static long streamCreate() {
    CUstream_st s = new CUstream_st();
    check("cudaStreamCreate", cudart.cudaStreamCreate(s));
    return s.address();
  }

  static void streamDestroy(long handle) {
    check("cudaStreamDestroy", cudart.cudaStreamDestroy(new CUstream_st(pointer(handle))));
  }

  static void streamSynchronize(long handle) {
    check("cudaStreamSynchronize", cudart.cudaStreamSynchronize(new CUstream_st(pointer(handle))));
  }

  static int currentDevice() {
    int[] d = new int[1];
    check("cudaGetDevice", cudart.cudaGetDevice(d));
    return d[0];
  }

  static long malloc(long bytes) {
    Pointer p = new Pointer();
    check("cudaMalloc(" + bytes + ")", cudart.cudaMalloc(p, Math.max(bytes, 1)));
    return p.address();
  }

  static void free(long address) {
    check("cudaFree", cudart.cudaFree(pointer(address)));
  }

  static void copyToDevice(long dst, long src, long bytes) {
    check("cudaMemcpy(HostToDevice)",
        cudart.cudaMemcpy(pointer(dst), pointer(src), bytes, cudart.cudaMemcpyHostToDevice));
  }

  static void copyToHost(long dst, long src, long bytes) {
    check("cudaMemcpy(DeviceToHost)",
        cudart.cudaMemcpy(pointer(dst), pointer(src), bytes, cudart.cudaMemcpyDeviceToHost));
  }
}

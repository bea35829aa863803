// The one place where a LibTorch data_ptr() becomes a MemorySegment: checks dtype, contiguity,
// device and size of each tensor first (house style: TensorBridge). Used by TensorKernels only.
package org.anatomyr1.kernels;

import java.lang.foreign.MemorySegment;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.LayoutOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

final class TensorViews {
  private TensorViews() {}

  /** Which kernels run for tensors on one device, and on which stream. */
  record Placement(KernelOps ops, CudaStream stream, boolean cuda, int deviceIndex) {
    String describe() {
      return cuda ? "cuda:" + deviceIndex : "cpu";
    }
  }

  static void requireDefined(String name, Tensor t) {
    if (t == null || !t.defined()) {
      throw new IllegalArgumentException(name + " must be a defined tensor, got "
          + (t == null ? "null" : "an undefined tensor"));
    }
  }

  /** CPU tensors run the CPU twins; CUDA tensors the CUDA kernels on LibTorch's current stream. */
  static Placement placement(String name, Tensor t) {
    requireDefined(name, t);
    if (t.is_cpu()) {
      return new Placement(KernelOps.cpu(), null, false, -1);
    }
    if (!t.is_cuda()) {
      throw new IllegalArgumentException(name + " is on an unsupported device; only CPU and CUDA "
          + "tensors are accepted");
    }
    int index;
    try (Device d = t.device()) {
      index = d.index();
    }
    KernelOps ops;
    try {
      ops = KernelOps.cuda();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(name + " is on cuda:" + index + " but " + e.getMessage(), e);
    }
    int current = CudaRuntime.currentDevice();
    if (current != index) {
      throw new IllegalArgumentException(name + " is on cuda:" + index + " but the current CUDA "
          + "device is " + current + "; call the kernels with the tensor's device current");
    }
    return new Placement(ops, currentTorchStream(index), true, index);
  }

  private static CudaStream currentTorchStream(int index) {
    try {
      return CudaStream.wrap(org.bytedeco.pytorch.global.torch_cuda
          .getCurrentCUDAStream((byte) index).stream().address());
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("cannot get LibTorch's current CUDA stream (is the GPU build "
          + "of the pytorch presets on the class path?): " + t, t);
    }
  }

  static void sameDevice(String name, Tensor t, Placement p) {
    boolean cuda = t.is_cuda();
    int index = -1;
    if (cuda) {
      try (Device d = t.device()) {
        index = d.index();
      }
    }
    if (cuda != p.cuda() || index != p.deviceIndex() || (!cuda && !t.is_cpu())) {
      throw new IllegalArgumentException(name + " is on " + (cuda ? "cuda:" + index : t.is_cpu()
          ? "cpu" : "another device") + " but the other tensors are on " + p.describe());
    }
  }

  /**
   * The tensor's scalar type as the interned enum constant: JavaCPP returns a fresh enum object
   * from native code, so {@code ==} against {@code ScalarType.Float} fails without intern().
   */
  static ScalarType scalarType(Tensor t) {
    ScalarType st = t.scalar_type();
    return st == null ? null : st.intern();
  }

  static String typeName(ScalarType st) {
    return st == null ? "null" : st.name();
  }

  /**
   * A contiguous {@code [n]} tensor (any shape with n elements) of the given type, as a segment
   * of exactly {@code n * elemSize} bytes.
   */
  static MemorySegment vector(String name, Tensor t, ScalarType type, int elemSize, long n,
      Placement p) {
    requireDefined(name, t);
    ScalarType st = scalarType(t);
    if (st != type) {
      throw new IllegalArgumentException(name + " must be " + typeName(type) + ", got " + typeName(st));
    }
    if (t.numel() != n) {
      throw new IllegalArgumentException(name + " must have " + n + " elements, got " + t.numel());
    }
    if (!t.is_contiguous()) {
      throw new IllegalArgumentException(name + " must be contiguous (call .contiguous())");
    }
    sameDevice(name, t, p);
    return segment(t, n * elemSize);
  }

  /** Like {@link #vector} but null stays null. */
  static MemorySegment optionalVector(String name, Tensor t, ScalarType type, int elemSize, long n,
      Placement p) {
    return t == null ? null : vector(name, t, type, elemSize, n, p);
  }

  static MemorySegment segment(Tensor t, long bytes) {
    Pointer p = t.data_ptr(); // JavaCPP maps a NULL data pointer (empty tensor) to null
    long address = p == null ? 0L : p.address();
    if (address == 0L && bytes > 0) {
      throw new IllegalArgumentException("tensor of " + t.numel() + " elements has no data pointer");
    }
    return MemorySegment.ofAddress(address).reinterpret(bytes);
  }

  /** A logits matrix: 2-D, f32 | bf16, unit stride in the last dim, row stride = stride(0). */
  static Logits logits(String name, Tensor t, Placement p) {
    requireDefined(name, t);
    if (t.dim() != 2) {
      throw new IllegalArgumentException(name + " must be 2-D [N, V], got " + t.dim() + "-D");
    }
    ScalarType st = scalarType(t);
    DType dtype;
    if (st == ScalarType.Float) {
      dtype = DType.F32;
    } else if (st == ScalarType.BFloat16) {
      dtype = DType.BF16;
    } else {
      throw new IllegalArgumentException(name + " must be Float or BFloat16, got " + typeName(st));
    }
    long n = t.size(0);
    long v = t.size(1);
    if (v < 1) {
      throw new IllegalArgumentException(name + " must have V >= 1 columns, got " + v);
    }
    if (v > 1 && t.stride(1) != 1) {
      throw new IllegalArgumentException(name + " needs unit stride in the last dim, got stride(1) = "
          + t.stride(1) + " (call .contiguous())");
    }
    long rowStride = n > 1 ? t.stride(0) : v;
    if (rowStride < v) {
      throw new IllegalArgumentException(name + " rows overlap: stride(0) = " + rowStride + " < V = " + v);
    }
    sameDevice(name, t, p);
    long bytes = Logits.byteSize(dtype, n, v, rowStride);
    return new Logits(segment(t, bytes), dtype, n, v, rowStride);
  }

  /** A new uninitialised tensor on {@code like}'s device. */
  static Tensor empty(Tensor like, ScalarType type, long... shape) {
    try (ScalarTypeOptional dt = new ScalarTypeOptional(type);
        LayoutOptional layout = new LayoutOptional();
        DeviceOptional device = new DeviceOptional();
        BoolOptional pinned = new BoolOptional()) {
      return like.new_empty(shape, dt, layout, device, pinned);
    }
  }
}

// Test helpers between Java arrays and LibTorch CPU tensors.
package org.anatomyr1.kernels;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

final class Torch {
  private Torch() {}

  static Tensor floats(float[] x, long... shape) {
    return Tensor.create(x, shape);
  }

  static Tensor longs(long[] x, long... shape) {
    return Tensor.create(x, shape);
  }

  /** Raw element bytes of a contiguous CPU tensor. */
  private static MemorySegment view(Tensor t) {
    Tensor c = t.contiguous();
    return MemorySegment.ofAddress(c.data_ptr().address()).reinterpret(c.nbytes());
  }

  static float[] toFloats(Tensor t) {
    if (t.scalar_type().intern() == ScalarType.BFloat16) {
      short[] h = view(t).toArray(JAVA_SHORT);
      float[] f = new float[h.length];
      for (int i = 0; i < h.length; i++) {
        f[i] = Bf16.toFloat(h[i]);
      }
      return f;
    }
    return view(t).toArray(JAVA_FLOAT);
  }

  static byte[] toBytes(Tensor t) {
    return view(t).toArray(JAVA_BYTE);
  }

  static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}

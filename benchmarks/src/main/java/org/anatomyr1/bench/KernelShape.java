// One benchmark shape: N logit rows of V entries in a dtype (the kernels' [N, V] input).
package org.anatomyr1.bench;

public record KernelShape(int n, int v, String dtype) {
  /** Qwen2.5's vocabulary: the V every benchmark uses. */
  public static final int QWEN_VOCAB = 151_936;

  public KernelShape {
    if (n < 1 || v < 1) throw new IllegalArgumentException("n and v must be >= 1, got " + n + ", " + v);
    if (!dtype.equals("f32") && !dtype.equals("bf16")) {
      throw new IllegalArgumentException("dtype must be f32 or bf16, got " + dtype);
    }
  }

  public long elements() {
    return (long) n * v;
  }

  public int bytesPerElement() {
    return dtype.equals("f32") ? 4 : 2;
  }
}

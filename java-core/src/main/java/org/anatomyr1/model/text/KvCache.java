// Preallocated key/value cache of the decoder: per layer K and V [B, n_kv_heads, capacity, head_dim],
// keys stored after rotation (spec §6.3). Lives outside the per-step PointerScope; close() frees it.
package org.anatomyr1.model.text;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class KvCache implements AutoCloseable {
  private final Tensor[] keys; // per layer [B, NKV, capacity, hd]
  private final Tensor[] values;
  private final int capacity;
  private int length; // positions filled (padding included)

  public KvCache(int layers, long batch, long kvHeads, int capacity, long headDim, ScalarType dtype, Device device) {
    this.capacity = capacity;
    keys = new Tensor[layers];
    values = new Tensor[layers];
    try (TensorOptions o = new TensorOptions(dtype)) {
      for (int i = 0; i < layers; i++) {
        keys[i] = org.anatomyr1.model.core.TensorOps.keep(torch.full(new long[] {batch, kvHeads, capacity, headDim}, new org.bytedeco.pytorch.Scalar(0.0), o).to(device, dtype));
        values[i] = org.anatomyr1.model.core.TensorOps.keep(torch.full(new long[] {batch, kvHeads, capacity, headDim}, new org.bytedeco.pytorch.Scalar(0.0), o).to(device, dtype));
      }
    }
  }

  private KvCache(Tensor[] keys, Tensor[] values, int capacity, int length) {
    this.keys = keys;
    this.values = values;
    this.capacity = capacity;
    this.length = length;
  }

  public int length() {
    return length;
  }

  public int capacity() {
    return capacity;
  }

  public long batch() {
    return keys[0].size(0);
  }

  /**
   * Writes k, v [B, NKV, T, hd] of {@code layer} at positions [length, length+T) and returns the
   * cached keys and values [B, NKV, length+T, hd] (views).
   */
  Tensor[] append(int layer, Tensor k, Tensor v) {
    long t = k.size(2);
    if (length + t > capacity) {
      throw new IllegalStateException("KV cache full: " + length + " + " + t + " > capacity " + capacity);
    }
    keys[layer].narrow(2, length, t).copy_(k);
    values[layer].narrow(2, length, t).copy_(v);
    return new Tensor[] {keys[layer].narrow(2, 0, length + t), values[layer].narrow(2, 0, length + t)};
  }

  /** Called once per forward step, after every layer appended {@code t} positions. */
  void advance(int t) {
    length += t;
  }

  /**
   * A cache for {@code repeats} continuations of every row (rows repeated consecutively:
   * row b -> rows b*repeats .. b*repeats+repeats-1), sharing one prefill across a GRPO group.
   */
  public KvCache repeatRows(int repeats, int newCapacity) {
    if (newCapacity < length) throw new IllegalArgumentException("capacity " + newCapacity + " < length " + length);
    Tensor[] k = new Tensor[keys.length];
    Tensor[] v = new Tensor[values.length];
    for (int i = 0; i < keys.length; i++) {
      k[i] = org.anatomyr1.model.core.TensorOps.keep(grow(keys[i].repeat_interleave(repeats, new org.bytedeco.pytorch.LongOptional(0), new org.bytedeco.pytorch.LongOptional()), newCapacity));
      v[i] = org.anatomyr1.model.core.TensorOps.keep(grow(values[i].repeat_interleave(repeats, new org.bytedeco.pytorch.LongOptional(0), new org.bytedeco.pytorch.LongOptional()), newCapacity));
    }
    return new KvCache(k, v, newCapacity, length);
  }

  private Tensor grow(Tensor t, int newCapacity) {
    long[] shape = {t.size(0), t.size(1), newCapacity, t.size(3)};
    try (TensorOptions o = new TensorOptions(t.scalar_type())) {
      Tensor out = torch.full(shape, new org.bytedeco.pytorch.Scalar(0.0), o).to(t.device(), t.scalar_type());
      out.narrow(2, 0, length).copy_(t.narrow(2, 0, length));
      return out;
    }
  }

  @Override
  public void close() {
    for (Tensor t : keys) if (t != null) t.close();
    for (Tensor t : values) if (t != null) t.close();
  }
}

// One tensor described by a safetensors header: name, dtype, shape and its byte range inside the
// data section (offsets relative to the first byte after the header).
package org.anatomyr1.model.io;

import java.util.Arrays;

public record TensorEntry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
  public long numel() {
    long n = 1;
    for (long s : shape) n = Math.multiplyExact(n, s);
    return n;
  }

  public long byteSize() {
    return end - begin;
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + "," + end + ")";
  }
}

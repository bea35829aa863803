// The element types of the safetensors format (huggingface/safetensors, "dtype" header field) and
// their LibTorch scalar types; unknown names fail with the list of supported ones.
package org.anatomyr1.model.io;

import java.util.Arrays;
import org.bytedeco.pytorch.global.torch.ScalarType;

public enum SafetensorsDtype {
  F64("F64", 8, ScalarType.Double),
  F32("F32", 4, ScalarType.Float),
  BF16("BF16", 2, ScalarType.BFloat16),
  F16("F16", 2, ScalarType.Half),
  I64("I64", 8, ScalarType.Long),
  I32("I32", 4, ScalarType.Int),
  I16("I16", 2, ScalarType.Short),
  I8("I8", 1, ScalarType.Char),
  U8("U8", 1, ScalarType.Byte),
  BOOL("BOOL", 1, ScalarType.Bool);

  public final String headerName;
  public final int bytes;
  public final ScalarType scalarType;

  SafetensorsDtype(String headerName, int bytes, ScalarType scalarType) {
    this.headerName = headerName;
    this.bytes = bytes;
    this.scalarType = scalarType;
  }

  /** The dtype named in a header; null when the name is not one of ours. */
  public static SafetensorsDtype fromHeader(String name) {
    for (SafetensorsDtype d : values()) if (d.headerName.equals(name)) return d;
    return null;
  }

  public static SafetensorsDtype fromScalarType(ScalarType type) {
    // compare by native value: JavaCPP may hand back enum constants that are not the same objects
    for (SafetensorsDtype d : values()) if (d.scalarType.value == type.value) return d;
    throw new IllegalArgumentException("tensor dtype " + type + " cannot be stored in safetensors; supported: "
        + Arrays.toString(values()));
  }

  static String supported() {
    return Arrays.toString(values());
  }
}

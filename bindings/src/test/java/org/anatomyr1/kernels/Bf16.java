// bfloat16 <-> float conversions for the tests (round to nearest even, like torch.bfloat16).
package org.anatomyr1.kernels;

final class Bf16 {
  private Bf16() {}

  static short fromFloat(float f) {
    int u = Float.floatToRawIntBits(f);
    if ((u & 0x7FFFFFFF) > 0x7F800000) {
      return (short) ((u >>> 16) | 0x40);
    }
    u += 0x7FFF + ((u >>> 16) & 1);
    return (short) (u >>> 16);
  }

  static float toFloat(short h) {
    return Float.intBitsToFloat((h & 0xFFFF) << 16);
  }

  static float round(float f) {
    return toFloat(fromFloat(f));
  }
}

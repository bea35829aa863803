/* bfloat16 <-> float32 conversions (raw uint16 bit patterns), round-to-nearest-even on the way
 * down, as torch.bfloat16 does; shared by the CPU twins and the CUDA kernels. */
#ifndef AR1_COMMON_BF16_H
#define AR1_COMMON_BF16_H

#include <stdint.h>
#include <string.h>

#include "hd.h"

AR1_HD inline uint32_t ar1_f32_bits(float f) {
#if defined(__CUDA_ARCH__)
  return __float_as_uint(f);
#else
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
#endif
}

AR1_HD inline float ar1_bits_f32(uint32_t u) {
#if defined(__CUDA_ARCH__)
  return __uint_as_float(u);
#else
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
#endif
}

/* exact: a bf16 is the upper half of a float32 */
AR1_HD inline float ar1_bf16_to_f32(uint16_t h) { return ar1_bits_f32((uint32_t)h << 16); }

/* round to nearest, ties to even; NaN stays a (quiet) NaN, infinities stay infinite */
AR1_HD inline uint16_t ar1_f32_to_bf16(float f) {
  uint32_t u = ar1_f32_bits(f);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (uint16_t)((u >> 16) | 0x0040u);
  u += 0x7FFFu + ((u >> 16) & 1u);
  return (uint16_t)(u >> 16);
}

#endif /* AR1_COMMON_BF16_H */

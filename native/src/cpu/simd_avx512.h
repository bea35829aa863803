/* AVX-512F vector primitives (16 floats) for the row kernels of softmax_row_simd.inc; compiled
 * with a function-level target attribute and selected at run time where the CPU has AVX-512F. */
#ifndef AR1_CPU_SIMD_AVX512_H
#define AR1_CPU_SIMD_AVX512_H

#include <immintrin.h>
#include <stdint.h>

#define AR1_AVX512_INLINE __attribute__((target("avx512f,avx2,fma"), always_inline)) inline

namespace ar1cpu {
namespace avx512 {

constexpr int W = 16;  // floats per vector
typedef __m512 F;
typedef __m512d D;  // half a vector's lanes in double

AR1_AVX512_INLINE F set1(float x) { return _mm512_set1_ps(x); }
AR1_AVX512_INLINE F add(F a, F b) { return _mm512_add_ps(a, b); }
AR1_AVX512_INLINE F sub(F a, F b) { return _mm512_sub_ps(a, b); }
AR1_AVX512_INLINE F mul(F a, F b) { return _mm512_mul_ps(a, b); }
AR1_AVX512_INLINE F fma(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
AR1_AVX512_INLINE F fms(F a, F b, F c) { return _mm512_fmsub_ps(a, b, c); } /* a b - c */
/* max(a, b), b is returned when either is NaN (so max(limit, x) keeps a NaN x) */
AR1_AVX512_INLINE F max(F a, F b) { return _mm512_max_ps(a, b); }
AR1_AVX512_INLINE F round(F a) {
  return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}
/* 2^n for integral n in [-127, 127]; n = -127 gives exactly 0 (biased exponent 0) */
AR1_AVX512_INLINE F pow2i(F n) {
  const __m512i e = _mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127));
  return _mm512_castsi512_ps(_mm512_slli_epi32(e, 23));
}

AR1_AVX512_INLINE F load(const float* p) { return _mm512_loadu_ps(p); }
AR1_AVX512_INLINE F load(const uint16_t* p) {
  const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}
AR1_AVX512_INLINE void store(float* p, F x) { _mm512_storeu_ps(p, x); }
/* bf16 round to nearest even (gradients are finite; NaN payloads are not preserved) */
AR1_AVX512_INLINE void store(uint16_t* p, F x) {
  const __m512i u = _mm512_castps_si512(x);
  const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1));
  const __m512i r = _mm512_srli_epi32(
      _mm512_add_epi32(u, _mm512_add_epi32(lsb, _mm512_set1_epi32(0x7FFF))), 16);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtepi32_epi16(r));
}

AR1_AVX512_INLINE D dzero() { return _mm512_setzero_pd(); }
AR1_AVX512_INLINE D dlo(F a) { return _mm512_cvtps_pd(_mm512_castps512_ps256(a)); }
AR1_AVX512_INLINE D dhi(F a) {
  return _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1)));
}
AR1_AVX512_INLINE D dadd(D a, D b) { return _mm512_add_pd(a, b); }
AR1_AVX512_INLINE D dmul(D a, D b) { return _mm512_mul_pd(a, b); }
AR1_AVX512_INLINE D dfma(D a, D b, D c) { return _mm512_fmadd_pd(a, b, c); }
AR1_AVX512_INLINE void dstore(double* p, D a) { _mm512_storeu_pd(p, a); }

}  // namespace avx512
}  // namespace ar1cpu

#endif /* AR1_CPU_SIMD_AVX512_H */

/* AVX2 + FMA vector primitives (8 floats) for the row kernels of softmax_row_simd.inc; compiled
 * with a function-level target attribute so the library still loads on CPUs without AVX2. */
#ifndef AR1_CPU_SIMD_AVX2_H
#define AR1_CPU_SIMD_AVX2_H

#include <immintrin.h>
#include <stdint.h>

#define AR1_AVX2_INLINE __attribute__((target("avx2,fma"), always_inline)) inline

namespace ar1cpu {
namespace avx2 {

constexpr int W = 8;  // floats per vector
typedef __m256 F;
typedef __m256d D;  // half a vector's lanes in double

AR1_AVX2_INLINE F set1(float x) { return _mm256_set1_ps(x); }
AR1_AVX2_INLINE F add(F a, F b) { return _mm256_add_ps(a, b); }
AR1_AVX2_INLINE F sub(F a, F b) { return _mm256_sub_ps(a, b); }
AR1_AVX2_INLINE F mul(F a, F b) { return _mm256_mul_ps(a, b); }
AR1_AVX2_INLINE F fma(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }
AR1_AVX2_INLINE F fms(F a, F b, F c) { return _mm256_fmsub_ps(a, b, c); } /* a b - c */
/* max(a, b), b is returned when either is NaN (so max(limit, x) keeps a NaN x) */
AR1_AVX2_INLINE F max(F a, F b) { return _mm256_max_ps(a, b); }
AR1_AVX2_INLINE F round(F a) {
  return _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}
/* 2^n for integral n in [-127, 127]; n = -127 gives exactly 0 (biased exponent 0) */
AR1_AVX2_INLINE F pow2i(F n) {
  const __m256i e = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
  return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
}

AR1_AVX2_INLINE F load(const float* p) { return _mm256_loadu_ps(p); }
AR1_AVX2_INLINE F load(const uint16_t* p) {
  const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}
AR1_AVX2_INLINE void store(float* p, F x) { _mm256_storeu_ps(p, x); }
/* bf16 round to nearest even (gradients are finite; NaN payloads are not preserved) */
AR1_AVX2_INLINE void store(uint16_t* p, F x) {
  const __m256i u = _mm256_castps_si256(x);
  const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1));
  const __m256i r = _mm256_srli_epi32(
      _mm256_add_epi32(u, _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7FFF))), 16);
  const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(r, r), 0x08);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_castsi256_si128(packed));
}

AR1_AVX2_INLINE D dzero() { return _mm256_setzero_pd(); }
AR1_AVX2_INLINE D dlo(F a) { return _mm256_cvtps_pd(_mm256_castps256_ps128(a)); }
AR1_AVX2_INLINE D dhi(F a) { return _mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)); }
AR1_AVX2_INLINE D dadd(D a, D b) { return _mm256_add_pd(a, b); }
AR1_AVX2_INLINE D dmul(D a, D b) { return _mm256_mul_pd(a, b); }
AR1_AVX2_INLINE D dfma(D a, D b, D c) { return _mm256_fmadd_pd(a, b, c); }
AR1_AVX2_INLINE void dstore(double* p, D a) { _mm256_storeu_pd(p, a); }

}  // namespace avx2
}  // namespace ar1cpu

#endif /* AR1_CPU_SIMD_AVX2_H */

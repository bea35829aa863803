/* One logits row of the CPU twins: the online max / sum-of-exp reduction (with the entropy
 * accumulator sum p*z) and the softmax-gradient write, as AVX-512 / AVX2 paths selected at run
 * time (softmax_row_simd.inc) and a portable scalar path. Shared by token_logprobs.cpp and
 * policy_loss.cpp. */
#ifndef AR1_CPU_SOFTMAX_ROW_H
#define AR1_CPU_SOFTMAX_ROW_H

/* GCC 12's AVX-512 intrinsics pass an "undefined" operand that -W(maybe-)uninitialized flags
 * once they are inlined; the diagnostic is about the compiler's header, not this code */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/bf16.h"

namespace ar1cpu {

/* The reduction of one row in base 2, with k = log2(e) / tau (a float) and t_j = x_j k - c:
 *   c   = max(max_j x_j * k, -FLT_MAX)   (rounded to float; every term refers to the same c)
 *   sum = sum_j 2^t_j,   ent = sum_j 2^t_j t_j   (only when the entropy is asked for).
 * Then LSE(z) = ln2 c + log(sum), logp = ln2 t_y - log(sum), entropy = log(sum) - ln2 ent / sum. */
struct RowStats {
  float c;
  double sum;
  double ent;
};

inline float load_elem(const float* p, int64_t j) { return p[j]; }
inline float load_elem(const uint16_t* p, int64_t j) { return ar1_bf16_to_f32(p[j]); }
inline void store_elem(float* p, int64_t j, float x) { p[j] = x; }
inline void store_elem(uint16_t* p, int64_t j, float x) { p[j] = ar1_f32_to_bf16(x); }

/* k for a temperature: log2(e) / tau, rounded once */
inline float log2e_over_tau(float tau) { return (float)(1.4426950408889634 / (double)tau); }

struct RowLogp {
  double logp;    /* z_y - LSE(z) */
  double lse;     /* LSE(z) */
  double entropy; /* LSE(z) - sum_j p_j z_j */
};

/* x_y: the target's raw logit, read before any in-place write. A one-entry row is p = 1 exactly
 * (logp 0, entropy 0), not the rounding residue of x k - c. */
inline RowLogp row_logp(const RowStats& st, int64_t v, float x_y, float k, float tau) {
  const double ln2 = 0.69314718055994530942;
  RowLogp r;
  if (v == 1) {
    r.logp = isfinite(x_y) ? 0.0 : NAN;
    r.lse = (double)x_y / (double)tau;
    r.entropy = isfinite(x_y) ? 0.0 : NAN;
    return r;
  }
  const double log_sum = log(st.sum);
  r.logp = ln2 * ((double)x_y * (double)k - (double)st.c) - log_sum;
  r.lse = ln2 * (double)st.c + log_sum;
  r.entropy = log_sum - ln2 * st.ent / st.sum;
  return r;
}

/* ------------------------------------------------------------------ scalar path */
namespace scalar {

template <class T, bool ENT>
RowStats row_stats(const T* row, int64_t v, float k) {
  float m = -INFINITY;
  for (int64_t j = 0; j < v; ++j) {
    const float x = load_elem(row, j);
    m = (x > m || x != x) ? x : m; /* NaN wins, so a NaN logit gives a NaN row */
  }
  const float c = fmaxf(m * k, -FLT_MAX);
  double sum = 0.0, ent = 0.0;
  for (int64_t j = 0; j < v; ++j) {
    /* x k - c in double: the product is exact there, as inside the vector paths' FMA */
    const float t = (float)((double)load_elem(row, j) * (double)k - (double)c);
    const float e = exp2f(t);
    sum += (double)e;
    if (ENT && e != 0.0f) ent += (double)e * (double)t;
  }
  return RowStats{c, sum, ent};
}

/* out[j] = coef 2^(in[j] k - c); in may equal out (in place) */
template <class Tin, class Tout>
void row_grad(const Tin* in, Tout* out, int64_t v, float c, float k, float coef) {
  for (int64_t j = 0; j < v; ++j) {
    const float t = (float)((double)load_elem(in, j) * (double)k - (double)c);
    store_elem(out, j, coef * exp2f(t));
  }
}

}  // namespace scalar
}  // namespace ar1cpu

/* ------------------------------------------------------------------ vector paths */
#include "cpu/simd_avx2.h"
#include "cpu/simd_avx512.h"

namespace ar1cpu {
namespace avx2 {
#define AR1_SIMD_FN __attribute__((target("avx2,fma"))) inline
#define AR1_SIMD_INLINE AR1_AVX2_INLINE
#include "cpu/softmax_row_simd.inc"
#undef AR1_SIMD_FN
#undef AR1_SIMD_INLINE
}  // namespace avx2

namespace avx512 {
#define AR1_SIMD_FN __attribute__((target("avx512f,avx2,fma"))) inline
#define AR1_SIMD_INLINE AR1_AVX512_INLINE
#include "cpu/softmax_row_simd.inc"
#undef AR1_SIMD_FN
#undef AR1_SIMD_INLINE
}  // namespace avx512

/* ------------------------------------------------------------------ threading */

/* rows per OpenMP task: at least 64k logits, so scheduling costs nothing next to the row work */
inline int64_t rows_per_task(int64_t v) { return v >= 65536 ? 1 : 65536 / v; }

/* threads for n rows of v logits: one below 2^18 logits (~0.1 ms of work), where waking a second
 * thread costs more than it saves (n v cannot overflow: the validated span is < 2^60 bytes) */
inline int row_threads(int64_t n, int64_t v, int threads) {
  return n * v >= ((int64_t)1 << 18) ? threads : 1;
}

/* ------------------------------------------------------------------ dispatch */

enum class Simd { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };

/* The widest instruction set this CPU has; AR1_CPU_SIMD=scalar|avx2 caps it (to test the
 * narrower paths on a wide machine). */
inline Simd simd_level() {
  static const Simd level = [] {
    Simd best = Simd::kScalar;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      best = Simd::kAvx2;
      if (__builtin_cpu_supports("avx512f")) best = Simd::kAvx512;
    }
    const char* env = getenv("AR1_CPU_SIMD");
    if (env && strcmp(env, "scalar") == 0) best = Simd::kScalar;
    if (env && strcmp(env, "avx2") == 0 && best == Simd::kAvx512) best = Simd::kAvx2;
    return best;
  }();
  return level;
}

inline const char* simd_name(Simd s) {
  return s == Simd::kAvx512 ? "avx512" : (s == Simd::kAvx2 ? "avx2" : "scalar");
}

template <class T, bool ENT>
RowStats row_stats(const T* row, int64_t v, float k, Simd simd) {
  switch (simd) {
    case Simd::kAvx512: return avx512::row_stats<T, ENT>(row, v, k);
    case Simd::kAvx2: return avx2::row_stats<T, ENT>(row, v, k);
    default: return scalar::row_stats<T, ENT>(row, v, k);
  }
}

template <class Tin, class Tout>
void row_grad(const Tin* in, Tout* out, int64_t v, float c, float k, float coef, Simd simd) {
  switch (simd) {
    case Simd::kAvx512: avx512::row_grad(in, out, v, c, k, coef); break;
    case Simd::kAvx2: avx2::row_grad(in, out, v, c, k, coef); break;
    default: scalar::row_grad(in, out, v, c, k, coef);
  }
}

}  // namespace ar1cpu

#endif /* AR1_CPU_SOFTMAX_ROW_H */

// ar1_gemv_bf16_cpu (include/ar1/kernels.h section 5): y = x w^T + bias for a few rows of x, in
// bf16 with fp32 accumulation. CPU only. Decoding reads every weight once per token, so the op is
// memory-bound; LibTorch's bf16 mv on an AVX2 CPU converts too slowly to reach the memory
// bandwidth (docs/BENCHMARKS.md). Here w streams through 8-wide FMAs once per block of up to 4 rows
// of x, with x converted to fp32 once per call.
#include <stdint.h>
#include <string.h>

#include <vector>

#include "ar1/kernels.h"
#include "common/bf16.h"
#include "cpu/simd_avx2.h"
#include "cpu/softmax_row.h"
#include "cpu/status.h"

namespace ar1cpu {
namespace {

constexpr int kMaxRowsOfX = 4; /* rows of x that share one pass over w */

/* one output: the fp32 dot product plus the bias, rounded once to bf16 */
inline uint16_t finish(float acc, const uint16_t* bias, int64_t r) {
  return ar1_f32_to_bf16(bias != nullptr ? acc + ar1_bf16_to_f32(bias[r]) : acc);
}

/* scalar path: rows [r0, r1) of w against the MB rows of x starting at i0 */
void rows_scalar(const uint16_t* w, const float* xf, const uint16_t* bias, uint16_t* y, int64_t i0,
                 int mb, int64_t n, int64_t k, int64_t r0, int64_t r1) {
  for (int64_t r = r0; r < r1; ++r) {
    float acc[kMaxRowsOfX] = {0, 0, 0, 0};
    const uint16_t* wr = w + r * k;
    for (int64_t j = 0; j < k; ++j) {
      const float wj = ar1_bf16_to_f32(wr[j]);
      for (int i = 0; i < mb; ++i) acc[i] += wj * xf[(i0 + i) * k + j];
    }
    for (int i = 0; i < mb; ++i) y[(i0 + i) * n + r] = finish(acc[i], bias, r);
  }
}

namespace avx2v {
using namespace ar1cpu::avx2;

AR1_AVX2_INLINE float hsum(F v) {
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(t, _mm_movehdup_ps(t)));
}

/* R rows of w (r, r + 1, ..) against MB rows of x: R x MB accumulators of 8 lanes, w loaded once */
template <int R, int MB>
__attribute__((target("avx2,fma"))) void block(const uint16_t* w, const float* xf,
                                               const uint16_t* bias, uint16_t* y, int64_t i0,
                                               int64_t n, int64_t k, int64_t r) {
  F acc[R][MB];
  for (int a = 0; a < R; ++a)
    for (int i = 0; i < MB; ++i) acc[a][i] = _mm256_setzero_ps();
  const int64_t kv = k / W * W;
  for (int64_t j = 0; j < kv; j += W) {
    F wv[R];
    for (int a = 0; a < R; ++a) wv[a] = load(w + (r + a) * k + j);
    for (int i = 0; i < MB; ++i) {
      const F xv = load(xf + (i0 + i) * k + j);
      for (int a = 0; a < R; ++a) acc[a][i] = fma(wv[a], xv, acc[a][i]);
    }
  }
  for (int a = 0; a < R; ++a) {
    for (int i = 0; i < MB; ++i) {
      float s = hsum(acc[a][i]);
      for (int64_t j = kv; j < k; ++j) s += ar1_bf16_to_f32(w[(r + a) * k + j]) * xf[(i0 + i) * k + j];
      y[(i0 + i) * n + r + a] = finish(s, bias, r + a);
    }
  }
}

/* rows [r0, r1) of w against MB rows of x: 4 rows of w at a time for one row of x (enough
 * independent FMAs to hide their latency), 2 at a time for 2-4 rows of x */
template <int MB>
void rows(const uint16_t* w, const float* xf, const uint16_t* bias, uint16_t* y, int64_t i0,
          int64_t n, int64_t k, int64_t r0, int64_t r1) {
  constexpr int R = MB == 1 ? 4 : 2;
  int64_t r = r0;
  for (; r + R <= r1; r += R) block<R, MB>(w, xf, bias, y, i0, n, k, r);
  for (; r < r1; ++r) block<1, MB>(w, xf, bias, y, i0, n, k, r);
}
}  // namespace avx2v

void rows_avx2(const uint16_t* w, const float* xf, const uint16_t* bias, uint16_t* y, int64_t i0,
               int mb, int64_t n, int64_t k, int64_t r0, int64_t r1) {
  switch (mb) {
    case 1: return avx2v::rows<1>(w, xf, bias, y, i0, n, k, r0, r1);
    case 2: return avx2v::rows<2>(w, xf, bias, y, i0, n, k, r0, r1);
    case 3: return avx2v::rows<3>(w, xf, bias, y, i0, n, k, r0, r1);
    default: return avx2v::rows<4>(w, xf, bias, y, i0, n, k, r0, r1);
  }
}

int32_t validate(ar1_message* msg, const char* op, const void* w, const void* x, const void* y,
                 int64_t m, int64_t n, int64_t k) {
  if (w == nullptr || x == nullptr || y == nullptr)
    return ar1_fail(msg, AR1_ERR_INVALID_ARGUMENT, "%s: w, x and y must not be NULL", op);
  if (m < 1 || n < 1 || k < 1)
    return ar1_fail(msg, AR1_ERR_INVALID_ARGUMENT, "%s: m, n, k must be >= 1, got %lld, %lld, %lld",
                    op, (long long)m, (long long)n, (long long)k);
  const int64_t limit = (int64_t)1 << 40; /* elements: far above any model, far below overflow */
  if (n > limit / k || m > limit / k || m > limit / n)
    return ar1_fail(msg, AR1_ERR_INVALID_ARGUMENT, "%s: m, n, k too large (%lld, %lld, %lld)", op,
                    (long long)m, (long long)n, (long long)k);
  return AR1_OK;
}

}  // namespace
}  // namespace ar1cpu

extern "C" AR1_API int32_t ar1_gemv_bf16_cpu(const void* w, const void* x, const void* bias,
                                             void* y, int64_t m, int64_t n, int64_t k) {
  using namespace ar1cpu;
  static const char* const op = "ar1_gemv_bf16_cpu";
  ar1_message* msg = ar1_cpu_begin();
  return ar1_cpu_guard(msg, op, [&]() -> int32_t {
    AR1_TRY(validate(msg, op, w, x, y, m, n, k));
    const uint16_t* wb = static_cast<const uint16_t*>(w);
    const uint16_t* bb = static_cast<const uint16_t*>(bias);
    uint16_t* yb = static_cast<uint16_t*>(y);
    std::vector<float> xf((size_t)(m * k)); /* [m, k]: x in fp32, converted once */
    const uint16_t* xb = static_cast<const uint16_t*>(x);
    for (int64_t e = 0; e < m * k; ++e) xf[(size_t)e] = ar1_bf16_to_f32(xb[e]);
    const bool vec = simd_level() != Simd::kScalar;
    /* below ~1 MiB of weights a second thread costs more than it saves */
    const int threads = n * k >= ((int64_t)1 << 19) ? ar1_cpu_threads() : 1;
    const int64_t chunk = 64; /* rows of w per task: multiple of 4, 64 x k x 2 bytes per task */
    const int64_t tasks = (n + chunk - 1) / chunk;
    for (int64_t i0 = 0; i0 < m; i0 += kMaxRowsOfX) {
      const int mb = (int)(m - i0 < kMaxRowsOfX ? m - i0 : kMaxRowsOfX);
#pragma omp parallel for schedule(static) num_threads(threads)
      for (int64_t t = 0; t < tasks; ++t) {
        const int64_t r0 = t * chunk, r1 = r0 + chunk < n ? r0 + chunk : n;
        if (vec) rows_avx2(wb, xf.data(), bb, yb, i0, mb, n, k, r0, r1);
        else rows_scalar(wb, xf.data(), bb, yb, i0, mb, n, k, r0, r1);
      }
    }
    return AR1_OK;
  });
}

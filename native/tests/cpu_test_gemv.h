/* ar1_gemv_bf16_cpu against a long-double reference on seeded random bf16 inputs: m from 1 to 9
 * (every block size of x rows, and two blocks), k with and without a tail below the vector width,
 * n not a multiple of the row blocks or of a task's rows, with and without bias, and a shape large
 * enough for two threads; plus its bad arguments. Included by test_cpu_kernels.cpp. */
#ifndef AR1_TESTS_CPU_TEST_GEMV_H
#define AR1_TESTS_CPU_TEST_GEMV_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include <random>
#include <string>
#include <vector>

#include "ar1/kernels.h"
#include "common/bf16.h"
#include "cpu_test_case.h"

namespace ar1test {

/* The output is one bf16 rounding of an fp32 sum of k products: allow one bf16 ulp of the result
 * plus k fp32 roundings of the absolute products' sum. */
constexpr double kGemvBf16Rtol = 1.0 / 128.0; /* one bf16 ulp at the bottom of a binade */
constexpr double kGemvSumRtol = 1.2e-7; /* ~ 2^-23 per accumulated product, times k below */

inline std::vector<uint16_t> random_bf16(std::mt19937_64& rng, int64_t count, float scale) {
  std::normal_distribution<float> nd(0.0f, scale);
  std::vector<uint16_t> v((size_t)count);
  for (auto& e : v) e = ar1_f32_to_bf16(nd(rng));
  return v;
}

inline void test_gemv_case(int64_t m, int64_t n, int64_t k, bool with_bias) {
  std::mt19937_64 rng(g_seed ^ (uint64_t)(m * 1000003 + n * 1009 + k + (with_bias ? 7 : 0)));
  const std::vector<uint16_t> w = random_bf16(rng, n * k, 0.05f), x = random_bf16(rng, m * k, 1.0f),
                              bias = random_bf16(rng, n, 0.5f);
  std::vector<uint16_t> y((size_t)(m * n), 0x7FC1); /* poisoned: every element must be written */
  Case c("gemv bf16 m=" + std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(k) +
         (with_bias ? " bias" : ""));
  const int32_t st = ar1_gemv_bf16_cpu(w.data(), x.data(), with_bias ? bias.data() : nullptr,
                                       y.data(), m, n, k);
  c.expect(st == AR1_OK, ar1_last_error());
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t r = 0; r < n; ++r) {
      long double ref = with_bias ? ar1_bf16_to_f32(bias[(size_t)r]) : 0.0L, mag = fabsl(ref);
      for (int64_t j = 0; j < k; ++j) {
        const long double p = (long double)ar1_bf16_to_f32(w[(size_t)(r * k + j)]) *
                              ar1_bf16_to_f32(x[(size_t)(i * k + j)]);
        ref += p;
        mag += fabsl(p);
      }
      const double atol = kGemvSumRtol * (double)k * (double)mag;
      c.close(ar1_bf16_to_f32(y[(size_t)(i * n + r)]), (double)ref, atol, kGemvBf16Rtol, "y",
              i * n + r);
    }
  }
}

inline void test_gemv() {
  for (int64_t m = 1; m <= 9; ++m) test_gemv_case(m, 67, 40, m % 2 == 1);
  test_gemv_case(1, 5, 3, true);      /* k below the vector width */
  test_gemv_case(3, 130, 1001, false); /* k tail, n over two tasks of rows */
  test_gemv_case(2, 1027, 1024, true); /* 2 MiB of weights: both threads */
  Case c("gemv bf16 bad arguments: invalid status + message, nothing written");
  std::vector<uint16_t> w(12, 0x3F80), x(4, 0x3F80), y(3, 0x1234);
  const struct {
    const void *w, *x;
    void* y;
    int64_t m, n, k;
  } bad[] = {{nullptr, x.data(), y.data(), 1, 3, 4}, {w.data(), nullptr, y.data(), 1, 3, 4},
             {w.data(), x.data(), nullptr, 1, 3, 4}, {w.data(), x.data(), y.data(), 0, 3, 4},
             {w.data(), x.data(), y.data(), 1, 0, 4}, {w.data(), x.data(), y.data(), 1, 3, -1},
             {w.data(), x.data(), y.data(), (int64_t)1 << 40, 3, 4}};
  for (const auto& b : bad) {
    c.expect(ar1_gemv_bf16_cpu(b.w, b.x, nullptr, b.y, b.m, b.n, b.k) == AR1_ERR_INVALID_ARGUMENT,
             "bad gemv arguments give AR1_ERR_INVALID_ARGUMENT");
    c.expect(strstr(ar1_last_error(), "ar1_gemv_bf16_cpu") != nullptr, "message names the op");
  }
  c.expect(y[0] == 0x1234 && y[1] == 0x1234 && y[2] == 0x1234, "y untouched");
}

}  // namespace ar1test

#endif /* AR1_TESTS_CPU_TEST_GEMV_H */

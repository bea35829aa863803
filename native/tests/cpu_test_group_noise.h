/* CPU twin tests of group advantages (hand-computed tables, the long-double reference, in place,
 * thread counts) and Gaussian image noise (Philox known answers, element-wise Box-Muller,
 * statistics, offsets, thread counts, u8, the NoisyRollout schedule). Included by
 * test_cpu_kernels.cpp. */
#ifndef AR1_TESTS_CPU_TEST_GROUP_NOISE_H
#define AR1_TESTS_CPU_TEST_GROUP_NOISE_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <random>
#include <vector>

#include "ar1/kernels.h"
#include "common/philox.h"
#include "cpu_test_case.h"
#include "reference_kernels.h"

namespace ar1test {

// ---------------------------------------------------------------- group advantages

inline void check_group_table(Case& c, const std::vector<float>& r, int64_t G, int mode,
                              int unbiased, float eps, const std::vector<double>& adv,
                              const std::vector<double>& mean, const std::vector<double>& sd,
                              const std::vector<int>& flag) {
  const int64_t B = (int64_t)r.size() / G;
  std::vector<float> a(r.size(), NAN), m((size_t)B, NAN), s((size_t)B, NAN);
  std::vector<uint8_t> f((size_t)B, 7);
  const int32_t st = ar1_group_advantages_cpu(r.data(), B, G, mode, unbiased, eps, a.data(),
                                              m.data(), s.data(), f.data(), nullptr);
  c.expect(st == AR1_OK, ar1_last_error());
  for (size_t i = 0; i < r.size(); ++i)
    c.close(a[i], adv[i], kAtol, kRtol, "advantage", (int64_t)i);
  for (int64_t g = 0; g < B; ++g) {
    c.close(m[(size_t)g], mean[(size_t)g], kAtol, kRtol, "mean", g);
    c.close(s[(size_t)g], sd[(size_t)g], kAtol, kRtol, "std", g);
    c.expect(f[(size_t)g] == flag[(size_t)g], "zero-variance flag");
  }
}

inline void test_group_advantages() {
  {
    Case c("group_advantages hand tables (std unbiased/biased, center, constant, singleton)");
    // [1, 0, 1, 0]: mean 0.5, unbiased std sqrt(1/3); A = +-0.5 / (std + 1e-4)
    check_group_table(c, {1, 0, 1, 0}, 4, AR1_ADV_STD, 1, 1e-4f,
                      {0.8658754297607016, -0.8658754297607016, 0.8658754297607016,
                       -0.8658754297607016},
                      {0.5}, {0.5773502691896257}, {0});
    // [0.2, 0.9, 0.4]: biased std 0.29439...
    check_group_table(c, {0.2f, 0.9f, 0.4f}, 3, AR1_ADV_STD, 0, 1e-6f,
                      {-1.0190458692034328, 1.3587278256045772, -0.33968195640114424}, {0.5},
                      {0.2943920288775949}, {0});
    check_group_table(c, {0.2f, 0.9f, 0.4f}, 3, AR1_ADV_CENTER, 1, 1e-4f, {-0.3, 0.4, -0.1},
                      {0.5}, {0.36055512754639896}, {0});
    // a constant group and a varying one side by side
    check_group_table(c, {0.5f, 0.5f, 0.5f, 1, 2, 3}, 3, AR1_ADV_STD, 1, 0.0f,
                      {0, 0, 0, -1, 0, 1}, {0.5, 2}, {0, 1}, {1, 0});
    // singleton groups: advantage 0, mean = r, std 0, flag set
    check_group_table(c, {3, -2}, 1, AR1_ADV_STD, 1, 1e-4f, {0, 0}, {3, -2}, {0, 0}, {1, 1});
  }
  {
    Case c("group_advantages random vs reference, in place, 1 vs 2 threads");
    std::mt19937_64 rng(g_seed ^ 0x6A6Aull);
    std::normal_distribution<float> normal(0.3f, 1.5f);
    const int64_t B = 6000, G = 16;  // > 2^16 rewards: the threaded path
    std::vector<float> r((size_t)(B * G));
    for (int64_t g = 0; g < B; ++g)
      for (int64_t i = 0; i < G; ++i)
        r[(size_t)(g * G + i)] = g % 7 == 0 ? 1.0f : (g % 5 == 0 ? (float)(i % 2) : normal(rng));
    for (int mode = 0; mode < 2; ++mode) {
      std::vector<float> a(r.size()), m((size_t)B), s((size_t)B), a1(r.size());
      std::vector<uint8_t> f((size_t)B);
      ar1_set_num_threads_cpu(2);
      c.expect(ar1_group_advantages_cpu(r.data(), B, G, mode, 1, 1e-4f, a.data(), m.data(),
                                        s.data(), f.data(), nullptr) == AR1_OK,
               ar1_last_error());
      ar1_set_num_threads_cpu(1);
      ar1_group_advantages_cpu(r.data(), B, G, mode, 1, 1e-4f, a1.data(), nullptr, nullptr,
                               nullptr, nullptr);
      ar1_set_num_threads_cpu(2);
      c.expect(memcmp(a.data(), a1.data(), a.size() * 4) == 0, "1 vs 2 threads differ");
      std::vector<float> inplace = r;
      ar1_group_advantages_cpu(inplace.data(), B, G, mode, 1, 1e-4f, inplace.data(), nullptr,
                               nullptr, nullptr, nullptr);
      c.expect(memcmp(a.data(), inplace.data(), a.size() * 4) == 0, "in place differs");
      std::vector<ar1ref::real> adv((size_t)G);
      for (int64_t g = 0; g < B; ++g) {
        ar1ref::real mean, sd;
        int flag;
        ar1ref::group(r.data() + g * G, G, mode, 1, 1e-4L, adv.data(), &mean, &sd, &flag);
        for (int64_t i = 0; i < G; ++i)
          c.close(a[(size_t)(g * G + i)], (double)adv[(size_t)i], kAtol, kRtol, "advantage",
                  g * G + i);
        c.close(m[(size_t)g], (double)mean, kAtol, kRtol, "mean", g);
        c.close(s[(size_t)g], (double)sd, kAtol, kRtol, "std", g);
        c.expect(f[(size_t)g] == flag, "zero-variance flag");
      }
    }
  }
}

// ---------------------------------------------------------------- image noise

// The standard normal of global element i, from the Philox bits in long double.
inline long double ref_gaussian(uint64_t seed, uint64_t i) {
  const uint64_t block = i / 4;
  const uint32_t ctr[4] = {(uint32_t)block, (uint32_t)(block >> 32), 0u, 0u};
  uint32_t x[4];
  ar1_philox4x32_10(ctr, (uint32_t)seed, (uint32_t)(seed >> 32), x);
  const int lane = (int)(i % 4), pair = lane / 2;
  const long double ua = (float)(((long double)x[2 * pair] + 0.5L) / 4294967296.0L);
  const long double ub = (float)(((long double)x[2 * pair + 1] + 0.5L) / 4294967296.0L);
  const long double radius = sqrtl(-2.0L * logl(ua));
  const long double angle = 2.0L * 3.14159265358979323846264338327950288L * ub;
  return lane % 2 == 0 ? radius * cosl(angle) : radius * sinl(angle);
}

inline void test_image_noise() {
  {
    Case c("philox4x32-10 known answers (Random123 kat_vectors)");
    const uint32_t ctr[3][4] = {{0, 0, 0, 0},
                                {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                                {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}};
    const uint32_t key[3][2] = {{0, 0}, {0xffffffffu, 0xffffffffu}, {0xa4093822u, 0x299f31d0u}};
    const uint32_t want[3][4] = {{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u},
                                 {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu},
                                 {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}};
    for (int k = 0; k < 3; ++k) {
      uint32_t out[4];
      ar1_philox4x32_10(ctr[k], key[k][0], key[k][1], out);
      c.expect(memcmp(out, want[k], sizeof out) == 0, "philox output differs from the KAT");
    }
  }
  const uint64_t seed = g_seed * 0x9E3779B97F4A7C15ull + 17;
  {
    Case c("image_noise f32 sigma mode vs reference, offsets, in place, 1 vs 2 threads");
    const int64_t n = 100003;
    std::mt19937_64 rng(g_seed ^ 0x1234ull);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    std::vector<float> x((size_t)n), y((size_t)n), y1((size_t)n);
    for (auto& v : x) v = unit(rng);
    const uint64_t offset = 4 * 1000003ull + 3;  // not a multiple of 4
    ar1_set_num_threads_cpu(2);
    c.expect(ar1_image_noise_cpu(x.data(), y.data(), AR1_F32, n, 0.1f, -1, seed, offset, 0,
                                 nullptr) == AR1_OK, ar1_last_error());
    for (int64_t k = 0; k < n; ++k)
      c.close(y[(size_t)k], (double)(x[(size_t)k] + 0.1L * ref_gaussian(seed, offset + k)),
              kNoiseAtol, 0.0, "y", k);
    ar1_set_num_threads_cpu(1);
    ar1_image_noise_cpu(x.data(), y1.data(), AR1_F32, n, 0.1f, -1, seed, offset, 0, nullptr);
    ar1_set_num_threads_cpu(2);
    c.expect(memcmp(y.data(), y1.data(), y.size() * 4) == 0, "1 vs 2 threads differ");
    // a window at a later offset gives the same elements
    std::vector<float> part(50);
    ar1_image_noise_cpu(x.data() + 7, part.data(), AR1_F32, 50, 0.1f, -1, seed, offset + 7, 0,
                        nullptr);
    c.expect(memcmp(part.data(), y.data() + 7, 50 * 4) == 0, "offset window differs");
    std::vector<float> inplace = x;
    ar1_image_noise_cpu(inplace.data(), inplace.data(), AR1_F32, n, 0.1f, -1, seed, offset, 0,
                        nullptr);
    c.expect(memcmp(inplace.data(), y.data(), y.size() * 4) == 0, "in place differs");
    std::vector<float> other((size_t)n);
    ar1_image_noise_cpu(x.data(), other.data(), AR1_F32, n, 0.1f, -1, seed + 1, offset, 0,
                        nullptr);
    c.expect(memcmp(other.data(), y.data(), y.size() * 4) != 0, "another seed, same noise");
  }
  {
    Case c("image_noise statistics (mean, variance, tails, independence across seeds)");
    const int64_t n = kNoiseCount;
    std::vector<float> zero((size_t)n, 0.0f), e1((size_t)n), e2((size_t)n);
    ar1_image_noise_cpu(zero.data(), e1.data(), AR1_F32, n, 1.0f, -1, seed, 0, 0, nullptr);
    ar1_image_noise_cpu(zero.data(), e2.data(), AR1_F32, n, 1.0f, -1, seed ^ 0xFFFFull, 0, 0,
                        nullptr);
    double mean = 0, var = 0, within1 = 0, cross = 0, lag = 0;
    for (int64_t i = 0; i < n; ++i) {
      const double a = e1[(size_t)i], b = e2[(size_t)i];
      mean += a;
      var += a * a;
      within1 += fabs(a) < 1.0;
      cross += a * b;
      if (i + 1 < n) lag += a * e1[(size_t)i + 1];
    }
    mean /= n;
    var = var / n - mean * mean;
    c.close(mean, 0.0, kStatTol, 0.0, "mean", 0);
    c.close(var, 1.0, kStatTol * 1.5, 0.0, "variance", 0);  // sd of a variance: sqrt(2 / n)
    c.close(within1 / n, 0.682689492137, kStatTol, 0.0, "P(|e| < 1)", 0);
    c.close(cross / n, 0.0, kStatTol, 0.0, "correlation across seeds", 0);
    c.close(lag / (n - 1), 0.0, kStatTol, 0.0, "lag-1 correlation", 0);
  }
  {
    Case c("image_noise NoisyRollout step mode (f32 clamp, u8), step > 999 = 999");
    const int64_t n = 4099;
    std::mt19937_64 rng(g_seed ^ 0x77ull);
    std::vector<uint8_t> src((size_t)n), dst((size_t)n), dst999((size_t)n);
    std::vector<float> xf((size_t)n), yf((size_t)n);
    for (int64_t i = 0; i < n; ++i) {
      src[(size_t)i] = (uint8_t)(rng() & 0xFF);
      xf[(size_t)i] = (float)src[(size_t)i] / 255.0f;
    }
    // sqrt(abar_500) = 0.86301711, sqrt(1 - abar_500) = 0.50517470 (NoisyRollout schedule)
    const long double a = 0.8630171064602814L, b = 0.5051746964733322L;
    c.expect(ar1_image_noise_cpu(src.data(), dst.data(), AR1_U8, n, 0.0f, 500, seed, 0, 0,
                                 nullptr) == AR1_OK, ar1_last_error());
    c.expect(ar1_image_noise_cpu(xf.data(), yf.data(), AR1_F32, n, 0.0f, 500, seed, 0, 1,
                                 nullptr) == AR1_OK, ar1_last_error());
    for (int64_t i = 0; i < n; ++i) {
      const long double y = a * xf[(size_t)i] + b * ref_gaussian(seed, (uint64_t)i);
      const long double yc = fminl(fmaxl(y, 0.0L), 1.0L);
      c.close(yf[(size_t)i], (double)yc, kNoiseAtol, 0.0, "f32 clamped y", i);
      const long double q = yc * 255.0L + 0.5L;
      // exact except within rounding of a .5 boundary
      const bool edge = fabsl(q - roundl(q)) < 1e-3L;
      const long double want = floorl(q);
      c.expect(dst[(size_t)i] == want || (edge && fabsl(dst[(size_t)i] - want) <= 1),
               "u8 value");
    }
    ar1_image_noise_cpu(src.data(), dst999.data(), AR1_U8, n, 0.0f, 999, seed, 0, 0, nullptr);
    ar1_image_noise_cpu(src.data(), dst.data(), AR1_U8, n, 0.0f, 5000, seed, 0, 0, nullptr);
    c.expect(dst == dst999, "step 5000 differs from step 999");
  }
}

}  // namespace ar1test

#endif /* AR1_TESTS_CPU_TEST_GROUP_NOISE_H */

/* The test-case helper of the CPU twin tests: the tolerance constants (one place), the seed and
 * a Case that counts checks and prints one line with its first failure. */
#ifndef AR1_TESTS_CPU_TEST_CASE_H
#define AR1_TESTS_CPU_TEST_CASE_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include <string>

namespace ar1test {

// ---------------------------------------------------------------- tolerances (one place)
// |x - ref| <= atol + rtol * |ref|
constexpr double kAtol = 1e-6;   // fp32 outputs: logp, lse, entropy, loss, kl, ratio, grad
constexpr double kRtol = 1e-5;
// bf16 gradients are rounded to bf16 (8 significant bits): allow one bf16 ulp
constexpr double kBf16GradRtol = 8e-3;
// noise: the kernel's float noise against the long-double Box-Muller of the same Philox bits
constexpr double kNoiseAtol = 2e-6;
// noise statistics over kNoiseCount samples: 5 standard errors
constexpr int64_t kNoiseCount = 1 << 20;
constexpr double kStatTol = 5.0 / 1024.0;  // 5 / sqrt(kNoiseCount)

inline uint64_t g_seed = 20261122;  // AR1_TEST_SEED replays another
inline int g_failed = 0, g_passed = 0;

// One test case: collects the first failure message and the worst |x - ref| / allowed.
struct Case {
  std::string name;
  std::string first;
  int64_t fails = 0, checks = 0;
  double worst = 0;
  explicit Case(std::string n) : name(std::move(n)) {}
  void fail(const std::string& msg) {
    if (fails++ == 0) first = msg;
  }
  void expect(bool ok, const char* what) {
    ++checks;
    if (!ok) fail(what);
  }
  // the tolerance rule; NaN and infinities must match exactly
  void close(double x, double ref, double atol, double rtol, const char* what, int64_t i) {
    ++checks;
    bool ok;
    if (isnan(ref) || isinf(ref)) {
      ok = (isnan(ref) && isnan(x)) || x == ref;
    } else {
      const double allowed = atol + rtol * fabs(ref);
      const double err = fabs(x - ref);
      ok = err <= allowed;  // false for NaN x
      if (ok && err / allowed > worst) worst = err / allowed;
    }
    if (!ok) {
      char buf[256];
      snprintf(buf, sizeof buf, "%s[%lld] = %.9g, reference %.9g", what, (long long)i, x, ref);
      fail(buf);
    }
  }
  ~Case() {
    if (fails) {
      ++g_failed;
      printf("FAIL %-58s %lld/%lld checks failed; first: %s (seed %llu)\n", name.c_str(),
             (long long)fails, (long long)checks, first.c_str(), (unsigned long long)g_seed);
    } else {
      ++g_passed;
      printf("ok   %-58s %lld checks, worst err/allowed %.3f\n", name.c_str(), (long long)checks,
             worst);
    }
  }
};

}  // namespace ar1test

#endif /* AR1_TESTS_CPU_TEST_CASE_H */

/* Long-double reference implementations of the CPU kernels of include/ar1/kernels.h, written
 * straight from the formulas (no online rescaling, no SIMD) for tests/test_cpu_kernels.cpp. */
#ifndef AR1_TESTS_REFERENCE_KERNELS_H
#define AR1_TESTS_REFERENCE_KERNELS_H

#include <math.h>
#include <stdint.h>

#include <vector>

namespace ar1ref {

typedef long double real;

/* One row: z = x / tau (x given as the exact float values the kernel sees). */
struct RowRef {
  real lse, logp, entropy;
  std::vector<real> p; /* softmax(z) [v] */
};

inline RowRef row(const float* x, int64_t v, int64_t y, float tau) {
  RowRef r;
  real m = -INFINITY;
  for (int64_t j = 0; j < v; ++j) m = fmaxl(m, (real)x[j] / (real)tau);
  real s = 0;
  for (int64_t j = 0; j < v; ++j) s += expl((real)x[j] / (real)tau - m);
  r.lse = m + logl(s);
  r.logp = (real)x[y] / (real)tau - r.lse;
  r.p.resize((size_t)v);
  real pz = 0;
  for (int64_t j = 0; j < v; ++j) {
    const real zj = (real)x[j] / (real)tau;
    r.p[(size_t)j] = expl(zj - r.lse);
    if (r.p[(size_t)j] > 0) pz += r.p[(size_t)j] * (zj - m); /* shifted: sum p (z - m) */
  }
  r.entropy = logl(s) - pz;
  return r;
}

/* The per-token loss math of kernels.h section 2 in long double. clipped_override >= 0 forces
 * the clip decision (used where the ratio sits within rounding of a clip boundary). */
struct LossRef {
  real loss, kl, ratio, g;
  int clipped;
};

inline LossRef loss(real logp, const float* old_logp, const float* ref_logp, real A, real m,
                    real w, int variant, real eps_low, real eps_high, real beta,
                    int clipped_override) {
  LossRef o;
  o.ratio = old_logp ? expl(logp - (real)*old_logp) : 1.0L;
  real k3 = 0, dkl = 0;
  if (beta != 0) {
    const real d = (real)*ref_logp - logp;
    k3 = expl(d) - d - 1;
    dkl = 1 - expl(d);
  }
  const real r = o.ratio, lo = 1 - eps_low, hi = 1 + eps_high;
  real dlogp;
  if (variant == 0) {
    o.clipped = clipped_override >= 0 ? clipped_override
                                      : ((A > 0 && r > hi) || (A < 0 && r < lo)) ? 1 : 0;
    const real rc = fminl(fmaxl(r, lo), hi);
    o.loss = -fminl(r * A, rc * A);
    dlogp = o.clipped ? 0 : -A * r;
  } else {
    o.clipped = 0;
    o.loss = -logp * A;
    dlogp = -A;
  }
  o.loss += beta * k3;
  o.kl = k3;
  o.g = (w * m == 0) ? 0 : w * m * (dlogp + beta * dkl);
  return o;
}

/* Group statistics of kernels.h section 3. */
inline void group(const float* r, int64_t G, int mode, int unbiased, real eps, real* adv,
                  real* mean, real* sd, int* flag) {
  int equal = 1;
  real s = 0;
  for (int64_t i = 0; i < G; ++i) {
    s += r[i];
    if (r[i] != r[0]) equal = 0;
  }
  *mean = s / G;
  if (equal || G == 1) {
    *sd = 0;
    *flag = 1;
    for (int64_t i = 0; i < G; ++i) adv[i] = 0;
    return;
  }
  real ss = 0;
  for (int64_t i = 0; i < G; ++i) ss += (r[i] - *mean) * (r[i] - *mean);
  *sd = sqrtl(ss / (unbiased ? G - 1 : G));
  *flag = 0;
  for (int64_t i = 0; i < G; ++i) adv[i] = mode == 0 ? (r[i] - *mean) / (*sd + eps) : r[i] - *mean;
}

}  // namespace ar1ref

#endif /* AR1_TESTS_REFERENCE_KERNELS_H */

/* NoisyRollout's Gaussian-noise schedule (verl/utils/image_aug.py: beta = sigmoid(linspace(-6, 6,
 * 1000)) * (5e-3 - 1e-5) + 1e-5, abar_t = prod_{k<=t} (1 - beta_k)) and the per-element noise
 * update of include/ar1/kernels.h section 4, shared by both image-noise twins. */
#ifndef AR1_COMMON_NOISE_SCHEDULE_H
#define AR1_COMMON_NOISE_SCHEDULE_H

#include <math.h>
#include <stdint.h>

#include "hd.h"

#define AR1_NOISE_STEPS 1000

/* abar_t for t = min(step, 999), step >= 0, in double (a host loop of <= 1000 terms; a CUDA
 * kernel should call this once on the host and pass the coefficients). */
AR1_HD inline double ar1_noise_abar(int32_t step) {
  const int32_t t = step < AR1_NOISE_STEPS - 1 ? step : AR1_NOISE_STEPS - 1;
  double abar = 1.0;
  for (int32_t k = 0; k <= t; ++k) {
    const double lin = -6.0 + 12.0 * (double)k / (double)(AR1_NOISE_STEPS - 1);
    const double beta = (1.0 / (1.0 + exp(-lin))) * (5e-3 - 1e-5) + 1e-5;
    abar *= 1.0 - beta;
  }
  return abar;
}

/* y = a * x + b * e. sigma mode (step < 0): a = 1, b = sigma; step mode: a = sqrt(abar_t),
 * b = sqrt(1 - abar_t), both rounded to float. */
typedef struct ar1_noise_coeffs {
  float a;
  float b;
} ar1_noise_coeffs;

AR1_HD inline ar1_noise_coeffs ar1_noise_coefficients(float sigma, int32_t step) {
  ar1_noise_coeffs c;
  if (step < 0) {
    c.a = 1.0f;
    c.b = sigma;
  } else {
    const double abar = ar1_noise_abar(step);
    c.a = (float)sqrt(abar);
    c.b = (float)sqrt(1.0 - abar);
  }
  return c;
}

/* The float products a*x and b*e are exact in double, so the one rounding to double and one to
 * float give the same bits whether or not a compiler contracts the expression into an FMA. */
AR1_HD inline float ar1_noise_apply(ar1_noise_coeffs c, float x, float e) {
  return (float)((double)c.a * (double)x + (double)c.b * (double)e);
}

AR1_HD inline float ar1_clamp01(float y) {
  /* written so that NaN stays NaN */
  return y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
}

AR1_HD inline float ar1_u8_to_f32(uint8_t v) { return (float)v / 255.0f; }

/* floor(clamp01(y) * 255 + 0.5); NaN maps to 0. In double: c * 255 is exact there, so FMA
 * contraction cannot move a value across a rounding boundary. */
AR1_HD inline uint8_t ar1_f32_to_u8(float y) {
  const float c = ar1_clamp01(y);
  if (!(c == c)) return 0;
  return (uint8_t)floor((double)c * 255.0 + 0.5);
}

#endif /* AR1_COMMON_NOISE_SCHEDULE_H */

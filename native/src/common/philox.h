/* Philox4x32-10 counter-based generator (Salmon et al., SC'11; the Random123 constants) and the
 * Box-Muller transform of include/ar1/kernels.h section 4, shared by both image-noise twins so
 * that the CPU and CUDA noise agree element by element. */
#ifndef AR1_COMMON_PHILOX_H
#define AR1_COMMON_PHILOX_H

#include <math.h>
#include <stdint.h>

#include "hd.h"

#define AR1_PHILOX_M0 0xD2511F53u
#define AR1_PHILOX_M1 0xCD9E8D57u
#define AR1_PHILOX_W0 0x9E3779B9u
#define AR1_PHILOX_W1 0xBB67AE85u

/* ctr[4] in, out[4] out; key = (k0, k1). Ten rounds, the key bumped between rounds. */
AR1_HD inline void ar1_philox4x32_10(const uint32_t ctr[4], uint32_t k0, uint32_t k1,
                                     uint32_t out[4]) {
  uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += AR1_PHILOX_W0;
      k1 += AR1_PHILOX_W1;
    }
    const uint64_t p0 = (uint64_t)AR1_PHILOX_M0 * c0;
    const uint64_t p1 = (uint64_t)AR1_PHILOX_M1 * c2;
    const uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    const uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/* u = (x + 0.5) * 2^-32 in double, rounded to float. Never 0 (so ln u is finite); the top
 * 2^7 values of x round to exactly 1.0f, which Box-Muller tolerates (radius 0 or angle 2 pi). */
AR1_HD inline float ar1_philox_uniform(uint32_t x) {
  return (float)(((double)x + 0.5) * (1.0 / 4294967296.0));
}

/* Box-Muller on one pair, in double, each result rounded to float. */
AR1_HD inline void ar1_box_muller(uint32_t xa, uint32_t xb, float* e0, float* e1) {
  const double two_pi = 6.283185307179586476925286766559;
  const double ua = (double)ar1_philox_uniform(xa);
  const double ub = (double)ar1_philox_uniform(xb);
  const double radius = sqrt(-2.0 * log(ua));
  const double angle = two_pi * ub;
  *e0 = (float)(radius * cos(angle));
  *e1 = (float)(radius * sin(angle));
}

/* The four standard normals of the block holding global element index i (i / 4 is the counter);
 * element i takes out[i % 4]. */
AR1_HD inline void ar1_gaussian4(uint64_t seed, uint64_t block, float out[4]) {
  const uint32_t ctr[4] = {(uint32_t)block, (uint32_t)(block >> 32), 0u, 0u};
  uint32_t x[4];
  ar1_philox4x32_10(ctr, (uint32_t)seed, (uint32_t)(seed >> 32), x);
  ar1_box_muller(x[0], x[1], &out[0], &out[1]);
  ar1_box_muller(x[2], x[3], &out[2], &out[3]);
}

#endif /* AR1_COMMON_PHILOX_H */

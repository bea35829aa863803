/* Mean, std and advantages of one reward group (include/ar1/kernels.h section 3): two passes in
 * double, so that a CUDA thread running the same code matches the CPU twin to the last bit or
 * two (the kernels.h contract asks for 1e-6 relative). */
#ifndef AR1_COMMON_GROUP_STATS_H
#define AR1_COMMON_GROUP_STATS_H

#include <math.h>
#include <stdint.h>

#include "hd.h"

/* rewards [group_size] -> advantages [group_size]; mean, std, zero-variance flag out.
 * mode 0 = std ((r - mean) / (std + eps)), 1 = center (r - mean). Rewards must be finite. */
AR1_HD inline void ar1_group_stats(const float* rewards, int64_t group_size, int32_t mode,
                                   int32_t unbiased, float eps, float* advantages,
                                   float* mean_out, float* std_out, uint8_t* flag_out) {
  /* advantages may alias rewards: every reward is read before its slot is written */
  const float r0 = rewards[0];
  int all_equal = 1;
  double sum = 0.0;
  for (int64_t i = 0; i < group_size; ++i) {
    sum += (double)rewards[i];
    if (rewards[i] != r0) all_equal = 0;
  }
  const double mean = sum / (double)group_size;
  if (all_equal || group_size == 1) {
    /* singleton or constant group: no learning signal; std 0, advantages exactly 0 */
    for (int64_t i = 0; i < group_size; ++i) advantages[i] = 0.0f;
    *mean_out = r0;
    *std_out = 0.0f;
    *flag_out = 1;
    return;
  }
  double ss = 0.0;
  for (int64_t i = 0; i < group_size; ++i) {
    const double d = (double)rewards[i] - mean;
    ss += d * d;
  }
  const double var = ss / (double)(unbiased ? group_size - 1 : group_size);
  const double sd = sqrt(var);
  const double denom = sd + (double)eps;
  for (int64_t i = 0; i < group_size; ++i) {
    const double d = (double)rewards[i] - mean;
    advantages[i] = (float)(mode == 0 ? d / denom : d);
  }
  *mean_out = (float)mean;
  *std_out = (float)sd;
  *flag_out = 0;
}

#endif /* AR1_COMMON_GROUP_STATS_H */

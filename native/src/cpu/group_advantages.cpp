// CPU twin of ar1_group_advantages (include/ar1/kernels.h section 3): per group the two-pass
// mean / std of common/group_stats.h; groups are independent (OpenMP over groups).
#include <stdint.h>

#include "ar1/kernels.h"
#include "common/group_stats.h"
#include "common/validate.h"
#include "cpu/status.h"

extern "C" AR1_API int32_t ar1_group_advantages_cpu(const float* rewards, int64_t num_groups,
                                                    int64_t group_size, int32_t mode,
                                                    int32_t unbiased, float eps,
                                                    float* advantages, float* group_mean,
                                                    float* group_std, uint8_t* zero_variance,
                                                    void* stream) {
  static const char* const op = "ar1_group_advantages_cpu";
  ar1_message* m = ar1_cpu_begin();
  return ar1_cpu_guard(m, op, [&]() -> int32_t {
    AR1_TRY(ar1_cpu_check_stream(m, op, stream));
    AR1_TRY(ar1_validate_group_advantages(m, op, rewards, num_groups, group_size, mode, unbiased,
                                          eps, advantages));
    AR1_TRY(ar1_check_rewards_finite(m, op, rewards, num_groups * group_size));
    // B*G is small (kilobytes): threads only pay off for many groups
    const int threads = num_groups * group_size >= (int64_t)1 << 16 ? ar1_cpu_threads() : 1;
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int64_t g = 0; g < num_groups; ++g) {
      float mean, sd;
      uint8_t flag;
      ar1_group_stats(rewards + g * group_size, group_size, mode, unbiased, eps,
                      advantages + g * group_size, &mean, &sd, &flag);
      if (group_mean) group_mean[g] = mean;
      if (group_std) group_std[g] = sd;
      if (zero_variance) zero_variance[g] = flag;
    }
    return AR1_OK;
  });
}

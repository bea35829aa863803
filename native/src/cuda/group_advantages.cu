/* CUDA kernel of include/ar1/kernels.h section 3 (group advantages). One thread per group runs
 * the shared two-pass double-precision formula of common/group_stats.h, so CUDA and the CPU twin
 * agree to the last bit or two; the data is B*G floats (kilobytes), so this is launch-bound and a
 * warp-parallel sum would only change the summation order. */
#include <cuda_runtime.h>

#include "ar1/kernels.h"
#include "common/group_stats.h"
#include "cuda/cuda_support.cuh"

namespace ar1cuda {
namespace {

struct AdvArgs {
  const float* rewards; /* [num_groups * group_size] */
  int64_t num_groups, group_size;
  int32_t mode, unbiased;
  float eps;
  float* advantages;  /* [num_groups * group_size] */
  float* group_mean;  /* [num_groups] nullable */
  float* group_std;   /* [num_groups] nullable */
  uint8_t* zero_var;  /* [num_groups] nullable */
};

__global__ void group_advantages_kernel(const AdvArgs a) {
  for (int64_t grp = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; grp < a.num_groups;
       grp += (int64_t)gridDim.x * blockDim.x) {
    const int64_t base = grp * a.group_size;
    float mean, sd;
    uint8_t flag;
    ar1_group_stats(a.rewards + base, a.group_size, a.mode, a.unbiased, a.eps,
                    a.advantages + base, &mean, &sd, &flag);
    if (a.group_mean) a.group_mean[grp] = mean;
    if (a.group_std) a.group_std[grp] = sd;
    if (a.zero_var) a.zero_var[grp] = flag;
  }
}

}  // namespace
}  // namespace ar1cuda

extern "C" AR1_API int32_t ar1_group_advantages_cuda(const float* rewards, int64_t num_groups,
                                                     int64_t group_size, int32_t mode,
                                                     int32_t unbiased, float eps,
                                                     float* advantages, float* group_mean,
                                                     float* group_std, uint8_t* zero_variance,
                                                     void* stream) {
  using namespace ar1cuda;
  static const char* op = "ar1_group_advantages_cuda";
  begin();
  AR1_TRY(ar1_validate_group_advantages(message(), op, rewards, num_groups, group_size, mode,
                                        unbiased, eps, advantages));
  if (num_groups == 0) return AR1_OK;
  AR1_TRY(check_device_pointer(op, "rewards", rewards));
  AR1_TRY(check_device_pointer(op, "advantages", advantages));
  AR1_TRY(check_device_pointer(op, "group_mean", group_mean));
  AR1_TRY(check_device_pointer(op, "group_std", group_std));
  AR1_TRY(check_device_pointer(op, "zero_variance", zero_variance));
  AdvArgs a{rewards, num_groups, group_size, mode, unbiased, eps,
            advantages, group_mean, group_std, zero_variance};
  const int threads = 128;
  const int64_t blocks = (num_groups + threads - 1) / threads;
  group_advantages_kernel<<<(unsigned)(blocks < 65535 ? blocks : 65535), threads, 0,
                            static_cast<cudaStream_t>(stream)>>>(a);
  return check_launch(op);
}

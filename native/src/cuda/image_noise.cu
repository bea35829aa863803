/* CUDA kernel of include/ar1/kernels.h section 4 (Gaussian image noise, sigma or NoisyRollout
 * step): grid-stride over Philox blocks of 4 elements; counter-based (common/philox.h), so the
 * result depends only on (seed, global element index), never on the launch shape. */
#include <cuda_runtime.h>

#include "ar1/kernels.h"
#include "common/noise_schedule.h"
#include "common/philox.h"
#include "cuda/cuda_support.cuh"

namespace ar1cuda {
namespace {

struct NoiseArgs {
  const void* src; /* [count] f32 or u8 */
  void* dst;       /* [count], may equal src */
  int64_t count;
  uint64_t seed, offset; /* element k is global index offset + k */
  ar1_noise_coeffs c;
  bool clamp;
};

template <typename T>
__device__ __forceinline__ float load_pixel(const T* p, int64_t k);
template <>
__device__ __forceinline__ float load_pixel<float>(const float* p, int64_t k) { return p[k]; }
template <>
__device__ __forceinline__ float load_pixel<uint8_t>(const uint8_t* p, int64_t k) {
  return ar1_u8_to_f32(p[k]);
}

__device__ __forceinline__ void store_pixel(float* p, int64_t k, float y, bool clamp) {
  p[k] = clamp ? ar1_clamp01(y) : y;
}
__device__ __forceinline__ void store_pixel(uint8_t* p, int64_t k, float y, bool) {
  p[k] = ar1_f32_to_u8(y); /* always clamped */
}

template <typename T>
__global__ void image_noise_kernel(const NoiseArgs a) {
  const T* src = static_cast<const T*>(a.src);
  T* dst = static_cast<T*>(a.dst);
  /* Philox blocks b cover global indices [4b, 4b + 4); ours span [offset, offset + count) */
  const uint64_t first = a.offset / 4, last = (a.offset + (uint64_t)a.count - 1) / 4;
  for (uint64_t b = first + blockIdx.x * (uint64_t)blockDim.x + threadIdx.x; b <= last;
       b += (uint64_t)gridDim.x * blockDim.x) {
    float e[4];
    ar1_gaussian4(a.seed, b, e);
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const uint64_t i = 4 * b + j;
      if (i < a.offset || i - a.offset >= (uint64_t)a.count) continue;
      const int64_t k = (int64_t)(i - a.offset);
      /* read then write the same element in the same thread: in place is safe */
      store_pixel(dst, k, ar1_noise_apply(a.c, load_pixel<T>(src, k), e[j]), a.clamp);
    }
  }
}

}  // namespace
}  // namespace ar1cuda

extern "C" AR1_API int32_t ar1_image_noise_cuda(const void* src, void* dst, int32_t dtype,
                                                int64_t count, float sigma, int32_t noise_step,
                                                uint64_t seed, uint64_t offset, int32_t clamp,
                                                void* stream) {
  using namespace ar1cuda;
  static const char* op = "ar1_image_noise_cuda";
  begin();
  AR1_TRY(ar1_validate_image_noise(message(), op, src, dst, dtype, count, sigma, noise_step,
                                   offset));
  if (count == 0) return AR1_OK;
  if (dtype == AR1_F32 && ((reinterpret_cast<uintptr_t>(src) | reinterpret_cast<uintptr_t>(dst)) & 3u))
    return ar1_fail(message(), AR1_ERR_INVALID_ARGUMENT, "%s: f32 src/dst must be 4-byte aligned", op);
  AR1_TRY(check_device_pointer(op, "src", src));
  AR1_TRY(check_device_pointer(op, "dst", dst));
  NoiseArgs a;
  a.src = src;
  a.dst = dst;
  a.count = count;
  a.seed = seed;
  a.offset = offset;
  a.c = ar1_noise_coefficients(sigma, noise_step); /* the schedule product runs on the host */
  a.clamp = clamp != 0;
  const uint64_t nblocks = (offset + (uint64_t)count - 1) / 4 - offset / 4 + 1;
  const int threads = 256;
  const uint64_t want = (nblocks + threads - 1) / threads;
  const unsigned grid = (unsigned)(want < 132u * 32u ? want : 132u * 32u);
  const cudaStream_t s = static_cast<cudaStream_t>(stream);
  if (dtype == AR1_F32) image_noise_kernel<float><<<grid, threads, 0, s>>>(a);
  else image_noise_kernel<uint8_t><<<grid, threads, 0, s>>>(a);
  return check_launch(op);
}

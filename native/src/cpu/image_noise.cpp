// CPU twin of ar1_image_noise (include/ar1/kernels.h section 4): counter-based Philox4x32-10 +
// Box-Muller (common/philox.h) and the NoisyRollout schedule (common/noise_schedule.h). Each block
// of 4 global indices is one Philox call, so the result is independent of the thread count.
#include <stdint.h>

#include "ar1/kernels.h"
#include "common/noise_schedule.h"
#include "common/philox.h"
#include "common/validate.h"
#include "cpu/status.h"

namespace {

inline float load_pixel(const float* p, int64_t k) { return p[k]; }
inline float load_pixel(const uint8_t* p, int64_t k) { return ar1_u8_to_f32(p[k]); }
inline void store_pixel(float* p, int64_t k, float y, bool clamp) {
  p[k] = clamp ? ar1_clamp01(y) : y;
}
inline void store_pixel(uint8_t* p, int64_t k, float y, bool) { p[k] = ar1_f32_to_u8(y); }

template <class T>
void noise(const T* src, T* dst, int64_t count, ar1_noise_coeffs c, uint64_t seed,
           uint64_t offset, bool clamp) {
  // local element k has global index offset + k; blocks are the Philox counters (index / 4)
  const uint64_t first_block = offset / 4;
  const uint64_t last_block = (offset + (uint64_t)count - 1) / 4;
  const int64_t nblocks = (int64_t)(last_block - first_block + 1);
  const int threads = count >= (int64_t)1 << 14 ? ar1_cpu_threads() : 1;
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int64_t b = 0; b < nblocks; ++b) {
    const uint64_t block = first_block + (uint64_t)b;
    float e[4];
    ar1_gaussian4(seed, block, e);
    for (int lane = 0; lane < 4; ++lane) {
      const uint64_t i = block * 4 + (uint64_t)lane;
      if (i < offset || i - offset >= (uint64_t)count) continue;
      const int64_t k = (int64_t)(i - offset);
      store_pixel(dst, k, ar1_noise_apply(c, load_pixel(src, k), e[lane]), clamp);
    }
  }
}

}  // namespace

extern "C" AR1_API int32_t ar1_image_noise_cpu(const void* src, void* dst, int32_t dtype,
                                               int64_t count, float sigma, int32_t noise_step,
                                               uint64_t seed, uint64_t offset, int32_t clamp,
                                               void* stream) {
  static const char* const op = "ar1_image_noise_cpu";
  ar1_message* m = ar1_cpu_begin();
  return ar1_cpu_guard(m, op, [&]() -> int32_t {
    AR1_TRY(ar1_cpu_check_stream(m, op, stream));
    AR1_TRY(ar1_validate_image_noise(m, op, src, dst, dtype, count, sigma, noise_step, offset));
    if (count == 0) return AR1_OK;
    const ar1_noise_coeffs c = ar1_noise_coefficients(sigma, noise_step);
    if (dtype == AR1_F32)
      noise(static_cast<const float*>(src), static_cast<float*>(dst), count, c, seed, offset,
            clamp != 0);
    else
      noise(static_cast<const uint8_t*>(src), static_cast<uint8_t*>(dst), count, c, seed, offset,
            clamp != 0);
    return AR1_OK;
  });
}

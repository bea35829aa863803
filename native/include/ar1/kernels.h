/*
 * anatomy-r1 native kernels: the one C ABI shared by the CPU twins (libar1_kernels) and the
 * CUDA kernels (libar1_kernels_cuda). Contract: shared/specs/kernels.md (docs/KERNELS.md).
 *
 * Conventions
 *  - Every op exists as ar1_<op>_cpu and ar1_<op>_cuda with one signature. Pointers are host
 *    memory for _cpu and device memory for _cuda. The trailing `stream` is a cudaStream_t for
 *    _cuda (NULL = legacy default stream) and must be NULL for _cpu.
 *  - Every function returns an ar1_status; on failure the thread-local message is in
 *    ar1_last_error() (CPU library) or ar1_cuda_last_error() (CUDA library). Nothing aborts.
 *  - CUDA ops are asynchronous on `stream`; launch and argument errors are reported at once.
 *    Device data (targets out of range) cannot be validated on the host: a CUDA kernel then
 *    writes NaN into that row's outputs and never reads or writes out of bounds. The CPU twin
 *    returns AR1_ERR_INVALID_ARGUMENT.
 *  - Logits rows: `n` rows of `v` entries, row r starts at element r * row_stride
 *    (row_stride >= v). bf16 values are raw uint16 bit patterns.
 *  - Nullable pointers are marked; an output that is NULL is not computed/written.
 *  - Deterministic: same inputs give bit-identical outputs on the same backend and thread count.
 */
#ifndef AR1_KERNELS_H
#define AR1_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define AR1_API __declspec(dllexport)
#else
#define AR1_API __attribute__((visibility("default")))
#endif

/* Bumped whenever a signature or a semantic in this header changes. */
#define AR1_ABI_VERSION 1

typedef enum ar1_status {
  AR1_OK = 0,
  AR1_ERR_INVALID_ARGUMENT = 1, /* null pointer, bad size, stride, dtype, target out of range */
  AR1_ERR_CUDA = 2,             /* a CUDA runtime error (message has cudaGetErrorString) */
  AR1_ERR_UNSUPPORTED = 3,      /* valid request this build cannot serve (e.g. no device) */
  AR1_ERR_INTERNAL = 4          /* a bug: please report with the message */
} ar1_status;

typedef enum ar1_dtype {
  AR1_F32 = 0,  /* IEEE float32 */
  AR1_BF16 = 1, /* bfloat16, raw uint16 */
  AR1_U8 = 2    /* uint8, images only: value / 255 in [0, 1] */
} ar1_dtype;

typedef enum ar1_loss_variant {
  AR1_LOSS_CLIP = 0, /* GRPO / DAPO / Dr.GRPO / BNPO: -min(rA, clip(r, 1-eps_low, 1+eps_high) A) */
  AR1_LOSS_PLAIN = 1 /* GPG: -logp * A */
} ar1_loss_variant;

typedef enum ar1_adv_mode {
  AR1_ADV_STD = 0,   /* (r - mean) / (std + eps) */
  AR1_ADV_CENTER = 1 /* r - mean */
} ar1_adv_mode;

/* ---------------------------------------------------------------- library */
AR1_API int32_t ar1_abi_version(void);             /* == AR1_ABI_VERSION of the CPU library */
AR1_API const char* ar1_last_error(void);          /* thread-local, "" when none */
AR1_API int32_t ar1_set_num_threads_cpu(int32_t n); /* OpenMP threads for _cpu ops; n >= 1 */
AR1_API int32_t ar1_get_num_threads_cpu(void);

AR1_API int32_t ar1_cuda_abi_version(void);        /* == AR1_ABI_VERSION of the CUDA library */
AR1_API const char* ar1_cuda_last_error(void);
AR1_API int32_t ar1_cuda_device_count(int32_t* count); /* AR1_OK with 0 when no device/driver */

/* ---------------------------------------------------------------- 1. token log-probs (no grad)
 * z = logits[r, :] / temperature; lse[r] = LSE(z); logp[r] = z[targets[r]] - lse[r];
 * entropy[r] = lse[r] - sum_j softmax(z)_j z_j. One pass over each row (online max / sum).
 * logits [n, v] f32|bf16; targets [n] int64 in [0, v); outputs [n] f32.
 */
AR1_API int32_t ar1_token_logprobs_cpu(const void* logits, int32_t dtype, int64_t n, int64_t v,
                                       int64_t row_stride, const int64_t* targets,
                                       float temperature, float* logp_out /* nullable */,
                                       float* lse_out /* nullable */,
                                       float* entropy_out /* nullable */, void* stream);
AR1_API int32_t ar1_token_logprobs_cuda(const void* logits, int32_t dtype, int64_t n, int64_t v,
                                        int64_t row_stride, const int64_t* targets,
                                        float temperature, float* logp_out, float* lse_out,
                                        float* entropy_out, void* stream);

/* ---------------------------------------------------------------- 2. fused policy loss fwd+bwd
 * Per row t: logp_t as above; o_t = old_logp[t] (NULL: o_t = logp_t, on-policy, ratio 1);
 * q_t = ref_logp[t] (may be NULL only when beta == 0); A_t = advantages[t];
 * m_t = mask[t] (NULL: 1); w_t = weights[t] (NULL: 1).
 * r_t = exp(logp_t - o_t); k3_t = exp(q_t - logp_t) - (q_t - logp_t) - 1 (0 when beta == 0).
 * clip : loss_t = -min(r A, clip(r, 1-eps_low, 1+eps_high) A) + beta k3_t
 * plain: loss_t = -logp_t A + beta k3_t
 * The scalar loss is sum_t w_t m_t loss_t (the caller reduces).
 * clipped_t = 1 when the clip is active: (A > 0 and r > 1+eps_high) or (A < 0 and r < 1-eps_low).
 * Gradient (written when grad_out != NULL; grad_out == logits means in place, otherwise a
 * separate [n, v] buffer with the same dtype and row_stride):
 *   g_t = w_t m_t ( -A r_t (1 - clipped_t) + beta (1 - exp(q_t - logp_t)) )     clip
 *   g_t = w_t m_t ( -A + beta (1 - exp(q_t - logp_t)) )                         plain
 *   d loss / d logits[t, j] = (g_t / temperature) (delta_{j, y_t} - softmax(z_t)_j)
 * Rows with m_t == 0 get an all-zero gradient row. Per-row outputs [n] are written for every
 * row (masked or not); each is nullable.
 */
AR1_API int32_t ar1_policy_loss_cpu(void* logits, int32_t dtype, int64_t n, int64_t v,
                                    int64_t row_stride, const int64_t* targets,
                                    const float* old_logp, const float* ref_logp,
                                    const float* advantages, const float* mask,
                                    const float* weights, int32_t variant, float temperature,
                                    float eps_low, float eps_high, float beta, void* grad_out,
                                    float* logp_out, float* loss_out, float* kl_out,
                                    float* ratio_out, uint8_t* clipped_out, void* stream);
AR1_API int32_t ar1_policy_loss_cuda(void* logits, int32_t dtype, int64_t n, int64_t v,
                                     int64_t row_stride, const int64_t* targets,
                                     const float* old_logp, const float* ref_logp,
                                     const float* advantages, const float* mask,
                                     const float* weights, int32_t variant, float temperature,
                                     float eps_low, float eps_high, float beta, void* grad_out,
                                     float* logp_out, float* loss_out, float* kl_out,
                                     float* ratio_out, uint8_t* clipped_out, void* stream);

/* ---------------------------------------------------------------- 3. group advantages
 * rewards [num_groups * group_size], groups contiguous. mean_g, std_g (unbiased: / (G - 1),
 * else / G), two-pass in fp32 (double accumulation on the CPU is allowed only if CUDA matches
 * to 1e-6 relative). std mode: A = (r - mean) / (std + eps); center mode: A = r - mean.
 * zero_variance[g] = 1 when all rewards of the group are equal (or G == 1).
 * group_size == 1: advantage 0, mean = r, std = 0, flag 1. num_groups == 0 is valid.
 */
AR1_API int32_t ar1_group_advantages_cpu(const float* rewards, int64_t num_groups,
                                         int64_t group_size, int32_t mode, int32_t unbiased,
                                         float eps, float* advantages,
                                         float* group_mean /* nullable */,
                                         float* group_std /* nullable */,
                                         uint8_t* zero_variance /* nullable */, void* stream);
AR1_API int32_t ar1_group_advantages_cuda(const float* rewards, int64_t num_groups,
                                          int64_t group_size, int32_t mode, int32_t unbiased,
                                          float eps, float* advantages, float* group_mean,
                                          float* group_std, uint8_t* zero_variance, void* stream);

/* ---------------------------------------------------------------- 4. Gaussian image noise
 * src, dst: `count` elements (any layout), f32 in [0, 1] or u8 (x / 255); dst may equal src.
 * noise_step < 0 : y = x + sigma * e
 * noise_step >= 0: NoisyRollout schedule, t = min(noise_step, 999):
 *     beta_k = sigmoid(-6 + 12 k / 999) * (5e-3 - 1e-5) + 1e-5, k = 0..999
 *     abar_t = prod_{k <= t} (1 - beta_k);  y = sqrt(abar_t) x + sqrt(1 - abar_t) e
 * clamp != 0: y clamped to [0, 1]. u8 output: floor(clamp01(y) * 255 + 0.5) (always clamped).
 * e for global element index i = offset + k (k = 0..count-1): Philox4x32-10 with
 *   key = (lo32(seed), hi32(seed)), counter = (lo32(i / 4), hi32(i / 4), 0, 0) -> (x0, x1, x2, x3);
 *   u_j = (x_j + 0.5) * 2^-32 (computed in double, then rounded to float, in (0, 1));
 *   pair (x0, x1) -> e0 = sqrt(-2 ln u0) cos(2 pi u1), e1 = sqrt(-2 ln u0) sin(2 pi u1);
 *   pair (x2, x3) -> e2, e3 likewise; element i takes e_{i mod 4}.
 *   The Box-Muller math is done in double and rounded to float, so both twins agree.
 */
AR1_API int32_t ar1_image_noise_cpu(const void* src, void* dst, int32_t dtype, int64_t count,
                                    float sigma, int32_t noise_step, uint64_t seed,
                                    uint64_t offset, int32_t clamp, void* stream);
AR1_API int32_t ar1_image_noise_cuda(const void* src, void* dst, int32_t dtype, int64_t count,
                                     float sigma, int32_t noise_step, uint64_t seed,
                                     uint64_t offset, int32_t clamp, void* stream);

/* ---------------------------------------------------------------- 5. bf16 matrix-vector product
 * (CPU only: on a GPU the vendor BLAS serves it at the bandwidth floor)
 * y[i, r] = bf16( sum_j w[r, j] x[i, j] + bias[r] ), accumulated in fp32, i < m, r < n, j < k.
 * w: [n, k] bf16 row-major (a Linear weight), x: [m, k] bf16, bias: [n] bf16 or NULL, y: [m, n]
 * bf16, all contiguous; y must not overlap w, x or bias. Meant for small m (decoding: one token
 * per sequence), where every weight is read once per call and the call is memory-bound: w is
 * streamed once for up to 4 rows of x (AVX2 + FMA where the CPU has them, AR1_CPU_SIMD=scalar
 * caps it), rows of w split over the CPU library's threads. */
AR1_API int32_t ar1_gemv_bf16_cpu(const void* w, const void* x, const void* bias, void* y,
                                  int64_t m, int64_t n, int64_t k);

#ifdef __cplusplus
}
#endif

#endif /* AR1_KERNELS_H */

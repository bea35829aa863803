/* Host-side argument checks of the C ABI, shared by both libraries so that an invalid call gets
 * the same AR1_ERR_INVALID_ARGUMENT message from ar1_<op>_cpu and ar1_<op>_cuda. Data checks that
 * need to read buffers (targets in range, finite rewards) are for host memory only (CPU twin).
 * Pointers may be NULL when there is nothing to read or write (n == 0, count == 0). */
#ifndef AR1_COMMON_VALIDATE_H
#define AR1_COMMON_VALIDATE_H

#include <math.h>
#include <stdint.h>

#include "ar1/kernels.h"
#include "status.h"

/* bytes per element of a logits / image dtype; 0 when the dtype is not a valid enum value */
inline int64_t ar1_dtype_size(int32_t dtype) {
  switch (dtype) {
    case AR1_F32: return 4;
    case AR1_BF16: return 2;
    case AR1_U8: return 1;
    default: return 0;
  }
}

inline const char* ar1_dtype_name(int32_t dtype) {
  switch (dtype) {
    case AR1_F32: return "f32";
    case AR1_BF16: return "bf16";
    case AR1_U8: return "u8";
    default: return "unknown";
  }
}

/* Bytes spanned by n rows of v elements at row_stride (last row only v long); -1 on overflow. */
inline int64_t ar1_logits_span_bytes(int64_t n, int64_t v, int64_t row_stride, int64_t esize) {
  if (n == 0) return 0;
  const int64_t max = INT64_MAX / 8;
  if (n - 1 > (max - v) / row_stride) return -1;
  const int64_t elems = (n - 1) * row_stride + v;
  if (elems > max / esize) return -1;
  return elems * esize;
}

inline int ar1_ranges_overlap(const void* a, const void* b, int64_t bytes) {
  const uintptr_t pa = (uintptr_t)a, pb = (uintptr_t)b;
  return pa < pb + (uintptr_t)bytes && pb < pa + (uintptr_t)bytes;
}

/* logits [n, v] at row_stride, dtype f32|bf16, targets [n], temperature */
inline int32_t ar1_validate_logits(ar1_message* m, const char* op, const void* logits,
                                   int32_t dtype, int64_t n, int64_t v, int64_t row_stride,
                                   const int64_t* targets, float temperature) {
  if (dtype != AR1_F32 && dtype != AR1_BF16)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: dtype %d is not a logits dtype (0 = f32, 1 = bf16)", op, (int)dtype);
  if (n < 0)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: n = %lld rows, must be >= 0", op,
                    (long long)n);
  if (v < 1)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: v = %lld, the vocabulary must be >= 1",
                    op, (long long)v);
  if (row_stride < v)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: row_stride = %lld < v = %lld", op,
                    (long long)row_stride, (long long)v);
  if (ar1_logits_span_bytes(n, v, row_stride, ar1_dtype_size(dtype)) < 0)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: n = %lld rows at row_stride = %lld overflow the address range", op,
                    (long long)n, (long long)row_stride);
  if (!(temperature > 0.0f) || !isfinite(temperature))
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: temperature = %g, must be finite and > 0", op, (double)temperature);
  if (n > 0 && logits == NULL)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: logits is NULL", op);
  if (n > 0 && targets == NULL)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: targets is NULL", op);
  return AR1_OK;
}

/* all arguments of ar1_policy_loss_* except the stream and the target values */
inline int32_t ar1_validate_policy_loss(ar1_message* m, const char* op, const void* logits,
                                        int32_t dtype, int64_t n, int64_t v, int64_t row_stride,
                                        const int64_t* targets, const float* ref_logp,
                                        const float* advantages, int32_t variant,
                                        float temperature, float eps_low, float eps_high,
                                        float beta, const void* grad_out) {
  AR1_TRY(ar1_validate_logits(m, op, logits, dtype, n, v, row_stride, targets, temperature));
  if (variant != AR1_LOSS_CLIP && variant != AR1_LOSS_PLAIN)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: variant %d is not a loss variant (0 = clip, 1 = plain)", op,
                    (int)variant);
  if (!(eps_low >= 0.0f) || !isfinite(eps_low))
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: eps_low = %g, must be finite and >= 0",
                    op, (double)eps_low);
  if (!(eps_high >= 0.0f) || !isfinite(eps_high))
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: eps_high = %g, must be finite and >= 0",
                    op, (double)eps_high);
  if (!(beta >= 0.0f) || !isfinite(beta))
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: beta = %g, must be finite and >= 0", op,
                    (double)beta);
  if (n > 0 && advantages == NULL)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: advantages is NULL", op);
  if (n > 0 && beta != 0.0f && ref_logp == NULL)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: ref_logp is NULL but beta = %g (it may be NULL only when beta == 0)", op,
                    (double)beta);
  if (n > 0 && grad_out != NULL && grad_out != logits) {
    const int64_t bytes = ar1_logits_span_bytes(n, v, row_stride, ar1_dtype_size(dtype));
    if (ar1_ranges_overlap(logits, grad_out, bytes))
      return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                      "%s: grad_out overlaps logits; pass grad_out == logits for in place or a "
                      "disjoint buffer",
                      op);
  }
  return AR1_OK;
}

/* host memory only: every target in [0, v) */
inline int32_t ar1_check_targets(ar1_message* m, const char* op, const int64_t* targets,
                                 int64_t n, int64_t v) {
  for (int64_t t = 0; t < n; ++t)
    if (targets[t] < 0 || targets[t] >= v)
      return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: targets[%lld] = %lld is outside [0, %lld)",
                      op, (long long)t, (long long)targets[t], (long long)v);
  return AR1_OK;
}

inline int32_t ar1_validate_group_advantages(ar1_message* m, const char* op, const float* rewards,
                                             int64_t num_groups, int64_t group_size, int32_t mode,
                                             int32_t unbiased, float eps,
                                             const float* advantages) {
  if (num_groups < 0)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: num_groups = %lld, must be >= 0", op,
                    (long long)num_groups);
  if (group_size < 1)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: group_size = %lld, must be >= 1", op,
                    (long long)group_size);
  if (num_groups > INT64_MAX / 8 / group_size)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: num_groups * group_size = %lld * %lld overflows", op,
                    (long long)num_groups, (long long)group_size);
  if (mode != AR1_ADV_STD && mode != AR1_ADV_CENTER)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: mode %d is not an advantage mode (0 = std, 1 = center)", op, (int)mode);
  if (unbiased != 0 && unbiased != 1)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: unbiased = %d, must be 0 or 1", op,
                    (int)unbiased);
  if (!(eps >= 0.0f) || !isfinite(eps))
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: eps = %g, must be finite and >= 0", op,
                    (double)eps);
  if (num_groups > 0 && rewards == NULL)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: rewards is NULL", op);
  if (num_groups > 0 && advantages == NULL)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: advantages is NULL", op);
  return AR1_OK;
}

/* host memory only: every reward finite */
inline int32_t ar1_check_rewards_finite(ar1_message* m, const char* op, const float* rewards,
                                        int64_t count) {
  for (int64_t i = 0; i < count; ++i)
    if (!isfinite(rewards[i]))
      return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: rewards[%lld] = %g is not finite", op,
                      (long long)i, (double)rewards[i]);
  return AR1_OK;
}

inline int32_t ar1_validate_image_noise(ar1_message* m, const char* op, const void* src,
                                        const void* dst, int32_t dtype, int64_t count,
                                        float sigma, int32_t noise_step, uint64_t offset) {
  if (dtype != AR1_F32 && dtype != AR1_U8)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: dtype %d is not an image dtype (0 = f32, 2 = u8)", op, (int)dtype);
  if (count < 0)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: count = %lld, must be >= 0", op,
                    (long long)count);
  if (count > INT64_MAX / 8)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: count = %lld is too large", op,
                    (long long)count);
  if (noise_step < 0 && (!(sigma >= 0.0f) || !isfinite(sigma)))
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: sigma = %g, must be finite and >= 0 (noise_step < 0 selects sigma mode)",
                    op, (double)sigma);
  if ((uint64_t)count > UINT64_MAX - offset)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: offset + count = %llu + %lld overflows the element index", op,
                    (unsigned long long)offset, (long long)count);
  if (count > 0 && src == NULL)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: src is NULL", op);
  if (count > 0 && dst == NULL)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: dst is NULL", op);
  if (count > 0 && src != dst && ar1_ranges_overlap(src, dst, count * ar1_dtype_size(dtype)))
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT,
                    "%s: dst overlaps src; pass dst == src for in place or a disjoint buffer", op);
  return AR1_OK;
}

#endif /* AR1_COMMON_VALIDATE_H */

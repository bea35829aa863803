// CPU twin of ar1_policy_loss (include/ar1/kernels.h section 2): per row one online max/sum pass,
// the scalar loss math of common/policy_row.h, then one pass writing the softmax gradient in place
// or into grad_out. Extra memory O(1) per row; OpenMP over rows.
#include <stdint.h>
#include <string.h>

#include "ar1/kernels.h"
#include "common/policy_row.h"
#include "common/validate.h"
#include "cpu/softmax_row.h"
#include "cpu/status.h"

namespace {

using namespace ar1cpu;

struct LossArgs {
  int64_t n, v, row_stride;
  const int64_t* targets;   // [n]
  const float* old_logp;    // [n] or NULL
  const float* ref_logp;    // [n] or NULL (beta == 0)
  const float* advantages;  // [n]
  const float* mask;        // [n] or NULL
  const float* weights;     // [n] or NULL
  int32_t variant;
  float tau, eps_low, eps_high, beta;
  float* logp_out;       // [n] or NULL
  float* loss_out;       // [n] or NULL
  float* kl_out;         // [n] or NULL
  float* ratio_out;      // [n] or NULL
  uint8_t* clipped_out;  // [n] or NULL
};

template <class T>
void policy_loss_rows(const T* logits, T* grad, const LossArgs& a) {
  const float k = log2e_over_tau(a.tau);
  const Simd simd = simd_level();
  // whole rows per thread, so the result does not depend on the thread count or on which
  // thread takes a row; dynamic chunks of >= 64k elements keep both cores busy on a shared machine
  const int64_t rows_per_chunk = rows_per_task(a.v);
  const int threads = row_threads(a.n, a.v, ar1_cpu_threads());
#pragma omp parallel for schedule(dynamic, rows_per_chunk) num_threads(threads)
  for (int64_t r = 0; r < a.n; ++r) {
    const T* row = logits + r * a.row_stride;  // [v]
    const int64_t y = a.targets[r];
    const float x_y = load_elem(row, y);  // before the row may be overwritten in place
    const RowStats st = row_stats<T, false>(row, a.v, k, simd);
    const RowLogp lp = row_logp(st, a.v, x_y, k, a.tau);

    ar1_policy_row_in in;
    in.logp = (float)lp.logp;
    in.old_logp = a.old_logp ? a.old_logp[r] : 0.0f;
    in.ref_logp = a.ref_logp ? a.ref_logp[r] : 0.0f;
    in.advantage = a.advantages[r];
    in.mask = a.mask ? a.mask[r] : 1.0f;
    in.weight = a.weights ? a.weights[r] : 1.0f;
    in.has_old = a.old_logp != nullptr;
    const ar1_policy_row_out out = ar1_policy_row(in, a.variant, a.eps_low, a.eps_high, a.beta);
    if (a.logp_out) a.logp_out[r] = in.logp;
    if (a.loss_out) a.loss_out[r] = out.loss;
    if (a.kl_out) a.kl_out[r] = out.kl;
    if (a.ratio_out) a.ratio_out[r] = out.ratio;
    if (a.clipped_out) a.clipped_out[r] = out.clipped;

    if (!grad) continue;
    T* grow = grad + r * a.row_stride;  // [v]
    if (out.g == 0.0f) {
      // masked, zero-weight, clipped or zero-advantage rows: an exact zero row (and no NaN even
      // when the row's logp is -inf); all-zero bits are +0 in f32 and bf16
      memset(static_cast<void*>(grow), 0, (size_t)a.v * sizeof(T));
      continue;
    }
    // d loss / d x_j = (g / tau)(delta_jy - p_j): -(g / tau) p_j = coef 2^{t_j} everywhere,
    // then the target entry (g / tau)(1 - p_y) = -(g / tau) expm1(logp) in full precision
    // before it is rounded
    const double g_tau = (double)out.g / (double)a.tau;
    const float coef = (float)(-g_tau / st.sum);
    row_grad(row, grow, a.v, st.c, k, coef, simd);
    store_elem(grow, y, (float)(-g_tau * expm1(lp.logp)));
  }
}

}  // namespace

extern "C" AR1_API int32_t ar1_policy_loss_cpu(
    void* logits, int32_t dtype, int64_t n, int64_t v, int64_t row_stride, const int64_t* targets,
    const float* old_logp, const float* ref_logp, const float* advantages, const float* mask,
    const float* weights, int32_t variant, float temperature, float eps_low, float eps_high,
    float beta, void* grad_out, float* logp_out, float* loss_out, float* kl_out, float* ratio_out,
    uint8_t* clipped_out, void* stream) {
  static const char* const op = "ar1_policy_loss_cpu";
  ar1_message* m = ar1_cpu_begin();
  return ar1_cpu_guard(m, op, [&]() -> int32_t {
    AR1_TRY(ar1_cpu_check_stream(m, op, stream));
    AR1_TRY(ar1_validate_policy_loss(m, op, logits, dtype, n, v, row_stride, targets, ref_logp,
                                     advantages, variant, temperature, eps_low, eps_high, beta,
                                     grad_out));
    AR1_TRY(ar1_check_targets(m, op, targets, n, v));
    if (n == 0) return AR1_OK;
    const LossArgs a{n,        v,        row_stride,  targets,  old_logp,    ref_logp,
                     advantages, mask,   weights,     variant,  temperature, eps_low,
                     eps_high, beta,     logp_out,    loss_out, kl_out,      ratio_out,
                     clipped_out};
    if (dtype == AR1_F32)
      policy_loss_rows<float>(static_cast<const float*>(logits), static_cast<float*>(grad_out), a);
    else
      policy_loss_rows<uint16_t>(static_cast<const uint16_t*>(logits),
                                 static_cast<uint16_t*>(grad_out), a);
    return AR1_OK;
  });
}

// CPU twin of ar1_token_logprobs (include/ar1/kernels.h section 1): per row one online max/sum
// pass (softmax_row.h), then logp, lse and optionally the entropy; OpenMP over rows.
#include <stdint.h>

#include "ar1/kernels.h"
#include "common/validate.h"
#include "cpu/softmax_row.h"
#include "cpu/status.h"

namespace {

using namespace ar1cpu;

template <class T, bool ENT>
void token_logprobs_rows(const T* logits, int64_t n, int64_t v, int64_t row_stride,
                         const int64_t* targets, float tau, float* logp_out, float* lse_out,
                         float* entropy_out) {
  const float k = log2e_over_tau(tau);
  const Simd simd = simd_level();
  // whole rows per thread, so the result does not depend on the thread count or on which
  // thread takes a row; dynamic chunks of >= 64k elements keep both cores busy on a shared machine
  const int64_t rows_per_chunk = rows_per_task(v);
  const int threads = row_threads(n, v, ar1_cpu_threads());
#pragma omp parallel for schedule(dynamic, rows_per_chunk) num_threads(threads)
  for (int64_t r = 0; r < n; ++r) {
    const T* row = logits + r * row_stride;  // [v]
    const RowStats st = row_stats<T, ENT>(row, v, k, simd);
    const RowLogp lp = row_logp(st, v, load_elem(row, targets[r]), k, tau);
    if (logp_out) logp_out[r] = (float)lp.logp;
    if (lse_out) lse_out[r] = (float)lp.lse;
    if (ENT) entropy_out[r] = (float)lp.entropy;
  }
}

template <class T>
void dispatch_entropy(const void* logits, int64_t n, int64_t v, int64_t row_stride,
                      const int64_t* targets, float tau, float* logp_out, float* lse_out,
                      float* entropy_out) {
  const T* x = static_cast<const T*>(logits);
  if (entropy_out)
    token_logprobs_rows<T, true>(x, n, v, row_stride, targets, tau, logp_out, lse_out, entropy_out);
  else
    token_logprobs_rows<T, false>(x, n, v, row_stride, targets, tau, logp_out, lse_out, nullptr);
}

}  // namespace

extern "C" AR1_API int32_t ar1_token_logprobs_cpu(const void* logits, int32_t dtype, int64_t n,
                                                  int64_t v, int64_t row_stride,
                                                  const int64_t* targets, float temperature,
                                                  float* logp_out, float* lse_out,
                                                  float* entropy_out, void* stream) {
  static const char* const op = "ar1_token_logprobs_cpu";
  ar1_message* m = ar1_cpu_begin();
  return ar1_cpu_guard(m, op, [&]() -> int32_t {
    AR1_TRY(ar1_cpu_check_stream(m, op, stream));
    AR1_TRY(ar1_validate_logits(m, op, logits, dtype, n, v, row_stride, targets, temperature));
    AR1_TRY(ar1_check_targets(m, op, targets, n, v));
    if (n == 0 || (!logp_out && !lse_out && !entropy_out)) return AR1_OK;
    if (dtype == AR1_F32)
      dispatch_entropy<float>(logits, n, v, row_stride, targets, temperature, logp_out, lse_out,
                              entropy_out);
    else
      dispatch_entropy<uint16_t>(logits, n, v, row_stride, targets, temperature, logp_out,
                                 lse_out, entropy_out);
    return AR1_OK;
  });
}

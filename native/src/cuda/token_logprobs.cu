/* CUDA kernel of include/ar1/kernels.h section 1 (token log-probs, no grad): one block per row,
 * one streaming pass of 16-byte loads with an online max / sum (and entropy) per thread. */
#include <cuda_runtime.h>

#include "ar1/kernels.h"
#include "cuda/cuda_support.cuh"
#include "cuda/row_softmax.cuh"

namespace ar1cuda {
namespace {

struct LogprobArgs {
  const void* logits; /* [n, row_stride] */
  int64_t n;
  int32_t v;
  int64_t row_stride;
  bool vec;                /* 16-byte loads allowed (element-aligned rows always are) */
  const int64_t* targets;  /* [n] */
  float inv_tau, k2;       /* 1 / tau, log2(e) / tau */
  float* logp;             /* [n] nullable */
  float* lse;              /* [n] nullable */
  float* entropy;          /* [n] nullable */
};

template <typename T, bool ENT>
__global__ void __launch_bounds__(kMaxThreads) token_logprobs_kernel(const LogprobArgs a) {
  __shared__ Online red[32];
  for (int64_t row = blockIdx.x; row < a.n; row += gridDim.x) {
    const T* x = static_cast<const T*>(a.logits) + row * a.row_stride;
    const int64_t y = a.targets[row];
    /* a target outside [0, v) cannot be reported from the device: its row's outputs are NaN */
    const bool bad = y < 0 || y >= a.v;
    float xy = 0.0f;
    if (!bad && threadIdx.x == 0 && a.logp != nullptr) xy = Elem<T>::scalar(x + y);
    Online st = online_empty();
    if (!bad) st = scan_row<T, 4, ENT, true>(x, a.v, a.vec, a.k2, threadIdx.x, blockDim.x, nullptr);
    st = block_reduce(st, red, a.k2);
    if (threadIdx.x == 0) {
      const float ls = logf(st.s);
      const float nan = __int_as_float(0x7FC00000);
      if (a.lse != nullptr) a.lse[row] = bad ? nan : st.m * a.inv_tau + ls;
      if (a.logp != nullptr) a.logp[row] = bad ? nan : (xy - st.m) * a.inv_tau - ls;
      if (a.entropy != nullptr) a.entropy[row] = bad ? nan : ls - kLn2 * st.e / st.s;
    }
  }
}

/* threads per block: enough for one batch of 4 vectors each, 32..512 */
inline int row_threads(int64_t v, int vec_elems) {
  const int64_t want = (v + 4 * vec_elems - 1) / (4 * vec_elems);
  int t = 32;
  while (t < kMaxThreads && t < want) t *= 2;
  return t;
}

}  // namespace
}  // namespace ar1cuda

extern "C" AR1_API int32_t ar1_token_logprobs_cuda(const void* logits, int32_t dtype, int64_t n,
                                                   int64_t v, int64_t row_stride,
                                                   const int64_t* targets, float temperature,
                                                   float* logp_out, float* lse_out,
                                                   float* entropy_out, void* stream) {
  using namespace ar1cuda;
  static const char* op = "ar1_token_logprobs_cuda";
  begin();
  AR1_TRY(ar1_validate_logits(message(), op, logits, dtype, n, v, row_stride, targets,
                              temperature));
  AR1_TRY(check_v32(op, v));
  if (n == 0) return AR1_OK;
  AR1_TRY(check_logits_pointer(op, "logits", logits, dtype));
  AR1_TRY(check_device_pointer(op, "targets", targets));
  AR1_TRY(check_device_pointer(op, "logp_out", logp_out));
  AR1_TRY(check_device_pointer(op, "lse_out", lse_out));
  AR1_TRY(check_device_pointer(op, "entropy_out", entropy_out));
  if (logp_out == nullptr && lse_out == nullptr && entropy_out == nullptr) return AR1_OK;

  LogprobArgs a;
  a.logits = logits;
  a.n = n;
  a.v = (int32_t)v;
  a.row_stride = row_stride;
  a.vec = true;
  a.targets = targets;
  a.inv_tau = 1.0f / temperature;
  a.k2 = (float)(1.4426950408889634 / (double)temperature);
  a.logp = logp_out;
  a.lse = lse_out;
  a.entropy = entropy_out;
  const cudaStream_t s = static_cast<cudaStream_t>(stream);
  const unsigned grid = (unsigned)(n < 0x7FFFFFFF ? n : 0x7FFFFFFF);
  const bool ent = entropy_out != nullptr;
  if (dtype == AR1_BF16) {
    const int threads = row_threads(v, Elem<uint16_t>::kVec);
    if (ent) token_logprobs_kernel<uint16_t, true><<<grid, threads, 0, s>>>(a);
    else token_logprobs_kernel<uint16_t, false><<<grid, threads, 0, s>>>(a);
  } else {
    const int threads = row_threads(v, Elem<float>::kVec);
    if (ent) token_logprobs_kernel<float, true><<<grid, threads, 0, s>>>(a);
    else token_logprobs_kernel<float, false><<<grid, threads, 0, s>>>(a);
  }
  return check_launch(op);
}

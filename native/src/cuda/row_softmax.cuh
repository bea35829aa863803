/* Device-side building blocks of the two logits-row kernels (token_logprobs.cu, policy_loss.cu):
 * 16-byte vector loads of f32 / bf16 rows, an online max / sum (and entropy) state, and its
 * warp / block / cluster reductions. Math: include/ar1/kernels.h sections 1 and 2.
 *
 * Precision: the state keeps the running max m in raw logit units and sums 2^((x - m) k2) with
 * k2 = log2(e) / tau, so that x - m is exact near the max even for logits of +-1e4 (prescaling
 * x by log2(e) first would round away ~1e-3 there). Then lse = m / tau + ln(s), and the entropy
 * accumulator e = sum 2^t t (t = (x - m) k2 <= 0) gives H = ln(s) - ln2 e / s without cancelling
 * two large numbers. */
#ifndef AR1_CUDA_ROW_SOFTMAX_CUH
#define AR1_CUDA_ROW_SOFTMAX_CUH

#include <cuda_runtime.h>
#include <math.h>
#include <stdint.h>

#include "common/bf16.h"

namespace ar1cuda {

constexpr float kLn2 = 0.693147180559945309f;
constexpr int kMaxThreads = 512; /* threads per block of the row kernels */

/* logits element types: float, or uint16_t holding a bf16 bit pattern */
template <typename T>
struct Elem;
template <>
struct Elem<float> {
  static constexpr int kVec = 4;                   /* elements per 16-byte vector */
  static constexpr uint32_t kNegInfWord = 0xFF800000u; /* one word of -inf elements */
  __device__ static float get(const uint4& w, int j) {
    const uint32_t u = j == 0 ? w.x : j == 1 ? w.y : j == 2 ? w.z : w.w;
    return __uint_as_float(u);
  }
  __device__ static float scalar(const float* p) { return *p; }
  __device__ static void put_scalar(float* p, float f) { *p = f; }
  __device__ static uint4 pack(const float (&f)[4]) {
    return make_uint4(__float_as_uint(f[0]), __float_as_uint(f[1]), __float_as_uint(f[2]),
                      __float_as_uint(f[3]));
  }
};
template <>
struct Elem<uint16_t> {
  static constexpr int kVec = 8;
  static constexpr uint32_t kNegInfWord = 0xFF80FF80u;
  __device__ static float get(const uint4& w, int j) {
    const uint32_t u = (j >> 1) == 0 ? w.x : (j >> 1) == 1 ? w.y : (j >> 1) == 2 ? w.z : w.w;
    /* little endian: the even element is the low half */
    return __uint_as_float((j & 1) ? (u & 0xFFFF0000u) : (u << 16));
  }
  __device__ static float scalar(const uint16_t* p) { return ar1_bf16_to_f32(*p); }
  __device__ static void put_scalar(uint16_t* p, float f) { *p = ar1_f32_to_bf16(f); }
  __device__ static uint4 pack(const float (&f)[8]) {
    uint32_t w[4];
#pragma unroll
    for (int k = 0; k < 4; ++k)
      w[k] = (uint32_t)ar1_f32_to_bf16(f[2 * k]) | ((uint32_t)ar1_f32_to_bf16(f[2 * k + 1]) << 16);
    return make_uint4(w[0], w[1], w[2], w[3]);
  }
};

/* Online softmax state of a part of a row: m = max raw logit, s = sum 2^((x - m) k2),
 * e = sum 2^t t with t = (x - m) k2 (only when the entropy is wanted). */
struct Online {
  float m, s, e;
};

__device__ __forceinline__ Online online_empty() { return Online{-INFINITY, 0.0f, 0.0f}; }

/* move the state to a new max nm >= st.m */
__device__ __forceinline__ void online_rebase(Online& st, float nm, float k2) {
  if (st.m != -INFINITY) {
    const float d = (nm - st.m) * k2;
    const float c = exp2f(-d);
    st.e = c * (st.e - d * st.s);
    st.s *= c;
  }
  st.m = nm;
}

/* absorb one element x (raw logit) whose batch max has already been folded into st.m */
template <bool ENT>
__device__ __forceinline__ void online_add(Online& st, float x, float k2) {
  const float t = (x - st.m) * k2;
  const float q = exp2f(t);
  st.s += q;
  /* -inf logits: q = 0 and t = -inf; their p z term is 0, not NaN */
  if (ENT) st.e += q > 0.0f ? q * t : 0.0f;
}

/* a + b; commutative bit for bit (each sum has two terms), so all lanes of a butterfly agree */
__device__ __forceinline__ Online online_merge(const Online& a, const Online& b, float k2) {
  const float nm = fmaxf(a.m, b.m);
  if (nm == -INFINITY) return online_empty();
  Online r{nm, 0.0f, 0.0f};
  float ts[2], te[2];
  const Online* in[2] = {&a, &b};
#pragma unroll
  for (int k = 0; k < 2; ++k) {
    ts[k] = 0.0f;
    te[k] = 0.0f;
    if (in[k]->m != -INFINITY) {
      const float d = (nm - in[k]->m) * k2;
      const float c = exp2f(-d);
      ts[k] = c * in[k]->s;
      te[k] = c * (in[k]->e - d * in[k]->s);
    }
  }
  r.s = ts[0] + ts[1];
  r.e = te[0] + te[1];
  return r;
}

__device__ __forceinline__ Online warp_reduce(Online st, float k2) {
#pragma unroll
  for (int off = 16; off > 0; off >>= 1) {
    Online o;
    o.m = __shfl_xor_sync(0xFFFFFFFFu, st.m, off);
    o.s = __shfl_xor_sync(0xFFFFFFFFu, st.s, off);
    o.e = __shfl_xor_sync(0xFFFFFFFFu, st.e, off);
    st = online_merge(st, o, k2);
  }
  return st;
}

/* Block-wide reduction; every thread gets the result, which also stays in red[0]. blockDim.x
 * is a multiple of 32. Starts and ends with a barrier: red may be reused right after. */
__device__ __forceinline__ Online block_reduce(Online st, Online* red /* [32] shared */, float k2) {
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
  st = warp_reduce(st, k2);
  __syncthreads(); /* red may still be read from an earlier use */
  if (lane == 0) red[warp] = st;
  __syncthreads();
  if (warp == 0) {
    Online w = lane < nwarps ? red[lane] : online_empty();
    w = warp_reduce(w, k2);
    if (lane == 0) red[0] = w;
  }
  __syncthreads();
  return red[0];
}

/* Absorb a batch of U vectors of 16 bytes: the batch max first, so one rebase per batch. */
template <typename T, int U, bool ENT>
__device__ __forceinline__ void absorb_vectors(Online& st, const uint4 (&w)[U], float k2) {
  constexpr int V = Elem<T>::kVec;
  float bm = -INFINITY;
#pragma unroll
  for (int u = 0; u < U; ++u)
#pragma unroll
    for (int j = 0; j < V; ++j) bm = fmaxf(bm, Elem<T>::get(w[u], j));
  if (bm > st.m) online_rebase(st, bm, k2);
  if (st.m == -INFINITY) return;
#pragma unroll
  for (int u = 0; u < U; ++u)
#pragma unroll
    for (int j = 0; j < V; ++j) online_add<ENT>(st, Elem<T>::get(w[u], j), k2);
}

template <bool ENT>
__device__ __forceinline__ void absorb_scalar(Online& st, float x, float k2) {
  if (x > st.m) online_rebase(st, x, k2);
  if (st.m == -INFINITY) return;
  online_add<ENT>(st, x, k2);
}

/* Elements before the first 16-byte boundary of a row (0 when the row is aligned). */
template <typename T>
__device__ __forceinline__ int row_head(const T* row, int v) {
  const int mis = (int)(reinterpret_cast<uintptr_t>(row) & 15u);
  const int head = mis == 0 ? 0 : (16 - mis) / (int)sizeof(T);
  return head < v ? head : v;
}

/* Loads that are never reused stream through L2 (evict first); loads whose row is re-read by a
 * second pass keep L2's default policy so the re-read may hit L2. Not __ldg: in place, the
 * kernel writes these addresses later, and the read-only path is only for read-only data. */
template <bool STREAM>
__device__ __forceinline__ uint4 load16(const uint4* p) {
  return STREAM ? __ldcs(p) : __ldcg(p);
}

/* Thread `tid` of `nthreads` absorbs its share of row[0, v): scalars up to the first 16-byte
 * boundary (or all of the row when vec is false), U-vector batches of the aligned body, then
 * the scalar tail. When cache != nullptr (only for aligned rows) the row is also copied there:
 * body vector k as 16-byte word k, tail element j as element j. */
template <typename T, int U, bool ENT, bool STREAM>
__device__ __forceinline__ Online scan_row(const T* row, int v, bool vec, float k2, int tid,
                                           int nthreads, uint4* cache) {
  constexpr int V = Elem<T>::kVec;
  Online st = online_empty();
  const int head = vec ? row_head(row, v) : v;
  const int nvec = (v - head) / V;
  const uint4* body = reinterpret_cast<const uint4*>(row + head);
  for (int i0 = tid; i0 < nvec; i0 += nthreads * U) {
    uint4 w[U];
#pragma unroll
    for (int u = 0; u < U; ++u) {
      const int i = i0 + u * nthreads;
      const uint32_t ni = Elem<T>::kNegInfWord;
      w[u] = i < nvec ? load16<STREAM>(body + i) : make_uint4(ni, ni, ni, ni);
    }
    if (cache != nullptr) {
#pragma unroll
      for (int u = 0; u < U; ++u)
        if (i0 + u * nthreads < nvec) cache[i0 + u * nthreads] = w[u];
    }
    absorb_vectors<T, U, ENT>(st, w, k2);
  }
  for (int j = tid; j < head; j += nthreads) absorb_scalar<ENT>(st, Elem<T>::scalar(row + j), k2);
  for (int j = head + nvec * V + tid; j < v; j += nthreads) {
    /* with a cache the row is aligned (head 0): tail element j sits right after the body */
    if (cache != nullptr) reinterpret_cast<T*>(cache)[j] = row[j];
    absorb_scalar<ENT>(st, Elem<T>::scalar(row + j), k2);
  }
  return st;
}

}  // namespace ar1cuda

#endif /* AR1_CUDA_ROW_SOFTMAX_CUH */

/* CUDA kernel of include/ar1/kernels.h section 2: the fused policy loss forward + backward,
 * gradient written in place (or into grad_out). Two paths, one kernel template:
 *  - row cache (sm_90, aligned rows, opt-in with AR1_CUDA_ROW_CACHE=1): a cluster of C CTAs
 *    splits each row; every CTA copies its slice into shared memory while reducing it, the C
 *    partial (max, sum) states are merged through distributed shared memory, and the gradient
 *    is computed from shared memory, so the row is read once from HBM and written once: the
 *    1R+1W floor (shared/research/kernel_anchors.md section 1; a bf16 row of 151,936 entries is
 *    297 KiB, above one CTA's SMEM).
 *  - streaming (the default; any GPU, any alignment): one block per row, pass 1 reduces,
 *    pass 2 re-reads the row in reverse order (its tail is the most recent in L2).
 * Measured on an H200 (benchmarks/gpu/README.md, 2026-12-01): streaming at two CTAs per SM runs
 * bf16 N = 8192, V = 151,936 at 1.47x the copy floor, the row cache at 2.06x (its read, merge and
 * write phases do not overlap with two CTAs per SM), so the row cache is no longer the default.
 * Masked rows whose per-row outputs are not wanted are zero-filled without being read. */
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <stdlib.h>
#include <string.h>

#include "ar1/kernels.h"
#include "common/policy_row.h"
#include "cuda/cuda_support.cuh"
#include "cuda/row_softmax.cuh"

namespace ar1cuda {
namespace {

namespace cg = cooperative_groups;

constexpr int kUnroll = 4;              /* 16-byte vectors in flight per thread and batch */
#ifndef AR1_ROW_CACHE_SLICE_KB
#define AR1_ROW_CACHE_SLICE_KB 96 /* overridable for benchmarks/gpu/sweep_occupancy.sh */
#endif
constexpr int kSliceBytes = AR1_ROW_CACHE_SLICE_KB * 1024; /* row-cache slice per CTA: two fit on an SM */

struct PolicyArgs {
  const void* logits; /* [n, row_stride] */
  void* grad;         /* [n, row_stride] or NULL; == logits for in place */
  int64_t n;
  int32_t v;
  int64_t row_stride;
  bool vec; /* 16-byte accesses allowed: grad (if any) has the same 16-byte phase as logits */
  const int64_t* targets;
  const float *old_logp, *ref_logp, *advantages, *mask, *weights; /* [n]; all but A nullable */
  int32_t variant;
  float inv_tau, k2; /* 1 / tau, log2(e) / tau */
  float eps_low, eps_high, beta;
  float *logp_out, *loss_out, *kl_out, *ratio_out; /* [n] nullable */
  uint8_t* clipped_out;
  bool any_row_out;
  int32_t cluster; /* row-cache path: CTAs per row */
  int32_t seg;     /* row-cache path: elements per CTA slice, a multiple of the vector width */
};

template <typename T>
__device__ __forceinline__ uint4 splat(float f) {
  constexpr int V = Elem<T>::kVec;
  float a[V];
#pragma unroll
  for (int j = 0; j < V; ++j) a[j] = f;
  return Elem<T>::pack(a);
}

/* g[0, len) = value (0 for masked rows, NaN for rows with a bad target) */
template <typename T>
__device__ void fill_row(T* g, int len, bool vec, float value, int tid, int nt) {
  constexpr int V = Elem<T>::kVec;
  const int head = vec ? row_head(g, len) : len;
  const int nvec = (len - head) / V;
  const uint4 w = splat<T>(value);
  uint4* body = reinterpret_cast<uint4*>(g + head);
  for (int i = tid; i < nvec; i += nt) __stcs(body + i, w);
  for (int j = tid; j < head; j += nt) Elem<T>::put_scalar(g + j, value);
  for (int j = head + nvec * V + tid; j < len; j += nt) Elem<T>::put_scalar(g + j, value);
}

/* grad_j = -coef p_j, p_j = 2^((x_j - m) k2 - ls2), for j != y (the j == y entry is fixed up
 * after the pass, see write_grad) */
__device__ __forceinline__ float grad_elem(float x, float m, float k2, float ls2, float coef) {
  return -coef * exp2f((x - m) * k2 - ls2);
}

/* Pass 2 over x[0, len) -> g[0, len). FROM_CACHE: x is in `cache` (aligned slice, written by
 * scan_row); else re-read from global memory in reverse vector order. Each thread reads and
 * writes only its own elements, so in place is safe once pass 1 is over. The target entry y
 * (when in [0, len)) is then rewritten as coef (1 - p_y) = -coef expm1(logp), in fp32 before
 * the one rounding: 1 - p_y itself would lose all its digits as p_y -> 1 (the CPU twin does
 * the same). */
template <typename T, bool FROM_CACHE>
__device__ void write_grad(const T* x, const uint4* cache, T* g, int len, bool vec, int y,
                           float logp, float m, float k2, float ls2, float coef, int tid, int nt) {
  constexpr int V = Elem<T>::kVec;
  const int head = FROM_CACHE ? 0 : (vec ? row_head(x, len) : len);
  const int nvec = (len - head) / V;
  const uint4* src = FROM_CACHE ? cache : reinterpret_cast<const uint4*>(x + head);
  uint4* dst = reinterpret_cast<uint4*>(g + head);
  for (int i0 = tid; i0 < nvec; i0 += nt * kUnroll) {
    uint4 w[kUnroll];
    int idx[kUnroll];
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      const int k = i0 + u * nt;
      /* the streaming pass walks the row backwards: its last vectors were read last */
      idx[u] = FROM_CACHE ? k : nvec - 1 - k;
      if (k < nvec) w[u] = FROM_CACHE ? src[idx[u]] : __ldcs(src + idx[u]);
    }
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      if (i0 + u * nt >= nvec) break;
      float o[V];
#pragma unroll
      for (int j = 0; j < V; ++j) o[j] = grad_elem(Elem<T>::get(w[u], j), m, k2, ls2, coef);
      __stcs(dst + idx[u], Elem<T>::pack(o));
    }
  }
  const T* xs = FROM_CACHE ? reinterpret_cast<const T*>(cache) : x;
  for (int j = tid; j < head; j += nt)
    Elem<T>::put_scalar(g + j, grad_elem(Elem<T>::scalar(xs + j), m, k2, ls2, coef));
  for (int j = head + nvec * V + tid; j < len; j += nt)
    Elem<T>::put_scalar(g + j, grad_elem(Elem<T>::scalar(xs + j), m, k2, ls2, coef));
  __syncthreads(); /* the block's write of g[y] above lands before this one */
  if (tid == 0 && y >= 0 && y < len) Elem<T>::put_scalar(g + y, -coef * expm1f(logp));
}

/* Resident CTAs per SM the register budget is sized for (launch bounds). Row cache: two
 * 512-thread CTAs (two row slices) share an SM. Overridable at build time for occupancy sweeps
 * (benchmarks/gpu/sweep_occupancy.sh). */
#ifndef AR1_CACHE_MIN_BLOCKS
#define AR1_CACHE_MIN_BLOCKS 2
#endif
#ifndef AR1_STREAM_MIN_BLOCKS
#define AR1_STREAM_MIN_BLOCKS 2 /* H200: 1 -> 2 took bf16 from 2.02 to 1.72 ms; 3 spills */
#endif
/* threads per streaming block (at most 1024: block_reduce keeps one slot per warp) */
#ifndef AR1_STREAM_THREADS
#define AR1_STREAM_THREADS kMaxThreads
#endif

template <typename T, bool CACHE>
__global__ void __launch_bounds__(CACHE ? kMaxThreads : AR1_STREAM_THREADS,
                                  CACHE ? AR1_CACHE_MIN_BLOCKS : AR1_STREAM_MIN_BLOCKS)
    policy_loss_kernel(const PolicyArgs a) {
  extern __shared__ uint4 slice[]; /* CACHE: this CTA's slice of the row */
  __shared__ Online red[32];
  __shared__ float bcast[4]; /* m, ls2, coef, logp from thread 0 */
  const int C = CACHE ? a.cluster : 1;
  const int rank = (int)(blockIdx.x % (unsigned)C);
  const int tid = threadIdx.x, nt = blockDim.x;
  const float nan = __int_as_float(0x7FC00000);
  for (int64_t row = blockIdx.x / C; row < a.n; row += gridDim.x / C) {
    const int s0 = CACHE ? rank * a.seg : 0;
    const int s1 = CACHE ? min(a.v, s0 + a.seg) : a.v;
    const T* x = static_cast<const T*>(a.logits) + row * a.row_stride;
    T* g = a.grad != nullptr ? static_cast<T*>(a.grad) + row * a.row_stride : nullptr;
    const int64_t y = a.targets[row];
    /* a target outside [0, v) cannot be reported from the device: the row's outputs are NaN */
    const bool bad = y < 0 || y >= a.v;
    const float mk = a.mask != nullptr ? a.mask[row] : 1.0f;
    const bool read = !bad && (mk != 0.0f || a.any_row_out);
    float xy = 0.0f;
    /* every CTA of the row reads x_y itself, before any CTA can overwrite it (in place) */
    if (read && tid == 0) xy = Elem<T>::scalar(x + y);
    Online st = online_empty();
    if (read)
      st = scan_row<T, kUnroll, false, CACHE>(x + s0, s1 - s0, a.vec, a.k2, tid, nt,
                                              CACHE ? slice : nullptr);
    st = block_reduce(st, red, a.k2);
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    if (CACHE && C > 1) {
      /* merge the C partial states in rank order, the same in every CTA of the cluster */
      cg::cluster_group cluster = cg::this_cluster();
      cluster.sync();
      Online all = online_empty();
      for (int r = 0; r < C; ++r) all = online_merge(all, *cluster.map_shared_rank(&red[0], r), a.k2);
      st = all;
      cluster.sync(); /* no CTA leaves (or reuses red) while a peer still reads its red[0] */
    }
#endif
    if (tid == 0) {
      float coef = nan;
      if (!bad && read) {
        const float ls = logf(st.s);
        ar1_policy_row_in in;
        in.logp = (xy - st.m) * a.inv_tau - ls;
        in.has_old = a.old_logp != nullptr;
        in.old_logp = in.has_old ? a.old_logp[row] : 0.0f;
        in.ref_logp = a.ref_logp != nullptr ? a.ref_logp[row] : 0.0f;
        in.advantage = a.advantages[row];
        in.mask = mk;
        in.weight = a.weights != nullptr ? a.weights[row] : 1.0f;
        const ar1_policy_row_out out = ar1_policy_row(in, a.variant, a.eps_low, a.eps_high, a.beta);
        if (rank == 0) {
          if (a.logp_out) a.logp_out[row] = in.logp;
          if (a.loss_out) a.loss_out[row] = out.loss;
          if (a.kl_out) a.kl_out[row] = out.kl;
          if (a.ratio_out) a.ratio_out[row] = out.ratio;
          if (a.clipped_out) a.clipped_out[row] = out.clipped;
        }
        coef = out.g * a.inv_tau;
        bcast[1] = log2f(st.s);
        bcast[3] = in.logp;
      } else if (bad && rank == 0) {
        if (a.logp_out) a.logp_out[row] = nan;
        if (a.loss_out) a.loss_out[row] = nan;
        if (a.kl_out) a.kl_out[row] = nan;
        if (a.ratio_out) a.ratio_out[row] = nan;
        if (a.clipped_out) a.clipped_out[row] = 0;
      }
      bcast[0] = st.m;
      bcast[2] = coef;
    }
    __syncthreads();
    if (g != nullptr) {
      if (bad || mk == 0.0f) {
        fill_row<T>(g + s0, s1 - s0, a.vec, bad ? nan : 0.0f, tid, nt);
      } else {
        write_grad<T, CACHE>(x + s0, slice, g + s0, s1 - s0, a.vec, (int)(y - s0), bcast[3],
                             bcast[0], a.k2, bcast[1], bcast[2], tid, nt);
      }
    }
    /* the next row's thread 0 rewrites bcast only after block_reduce's barriers, which every
     * thread reaches after its pass 2; each thread's slice words are its own in both passes */
  }
}

inline int row_threads(int64_t elems, int vec_elems, int max_threads = kMaxThreads) {
  const int64_t want = (elems + kUnroll * vec_elems - 1) / (kUnroll * vec_elems);
  int t = 32;
  while (t < max_threads && t < want) t *= 2;
  return t;
}

struct DeviceInfo {
  int major;
  int smem_optin; /* max dynamic shared memory per block after opt-in */
};

int32_t device_info(const char* op, DeviceInfo* info) {
  int dev = 0;
  cudaError_t e = cudaGetDevice(&dev);
  if (e == cudaSuccess) e = cudaDeviceGetAttribute(&info->major, cudaDevAttrComputeCapabilityMajor, dev);
  if (e == cudaSuccess)
    e = cudaDeviceGetAttribute(&info->smem_optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, dev);
  if (e != cudaSuccess) return cuda_error(op, "device query", e);
  return AR1_OK;
}

/* AR1_CUDA_ROW_CACHE=1 opts in to the row-cache path (tests and benchmarks compare the two) */
bool row_cache_enabled() {
  const char* s = getenv("AR1_CUDA_ROW_CACHE");
  return s != nullptr && strcmp(s, "0") != 0;
}

template <typename T>
int32_t launch(const char* op, PolicyArgs a, cudaStream_t stream) {
  constexpr int V = Elem<T>::kVec;
  const int64_t esize = sizeof(T);
  const unsigned max_rows = 0x7FFFFFFFu / 8u;
  const int64_t rows = a.n < (int64_t)max_rows ? a.n : (int64_t)max_rows;

  /* row cache: needs the backward pass, 16-byte aligned rows, and a slice count the device takes */
  const bool aligned = a.vec && (reinterpret_cast<uintptr_t>(a.logits) % 16 == 0) &&
                       (a.row_stride * esize) % 16 == 0;
  if (a.grad != nullptr && aligned && row_cache_enabled()) {
    DeviceInfo info;
    AR1_TRY(device_info(op, &info));
    const int64_t row_bytes = (int64_t)a.v * esize;
    int C = 1;
    while (C < 8 && row_bytes > (int64_t)C * kSliceBytes) C *= 2;
    int64_t seg = ((a.v + C - 1) / C + V - 1) / V * V;
    /* no empty slices: with small rows, fewer CTAs than C */
    while (C > 1 && (int64_t)(C - 1) * seg >= a.v) {
      C /= 2;
      seg = ((a.v + C - 1) / C + V - 1) / V * V;
    }
    const size_t smem = (size_t)(seg * esize);
    const bool fits = (int64_t)smem <= info.smem_optin && (C == 1 || info.major >= 9) &&
                      seg * esize <= (int64_t)kSliceBytes * 2;
    if (fits) {
      a.cluster = C;
      a.seg = (int32_t)seg;
      auto kernel = policy_loss_kernel<T, true>;
      cudaError_t e = cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem);
      cudaLaunchConfig_t cfg;
      memset(&cfg, 0, sizeof cfg);
      cfg.gridDim = dim3((unsigned)(rows * C));
      cfg.blockDim = dim3((unsigned)row_threads(seg, V));
      cfg.dynamicSmemBytes = smem;
      cfg.stream = stream;
      cudaLaunchAttribute attr[1];
      attr[0].id = cudaLaunchAttributeClusterDimension;
      attr[0].val.clusterDim.x = (unsigned)C;
      attr[0].val.clusterDim.y = 1;
      attr[0].val.clusterDim.z = 1;
      cfg.attrs = attr;
      cfg.numAttrs = C > 1 ? 1 : 0;
      if (e == cudaSuccess) e = cudaLaunchKernelEx(&cfg, kernel, a);
      if (e == cudaSuccess) return check_launch(op);
      /* a configuration this device cannot schedule: clear it and stream instead */
      cudaGetLastError();
    }
  }
  a.cluster = 1;
  a.seg = a.v;
  policy_loss_kernel<T, false><<<(unsigned)rows, row_threads(a.v, V, AR1_STREAM_THREADS), 0, stream>>>(a);
  return check_launch(op);
}

}  // namespace
}  // namespace ar1cuda

extern "C" AR1_API int32_t ar1_policy_loss_cuda(
    void* logits, int32_t dtype, int64_t n, int64_t v, int64_t row_stride, const int64_t* targets,
    const float* old_logp, const float* ref_logp, const float* advantages, const float* mask,
    const float* weights, int32_t variant, float temperature, float eps_low, float eps_high,
    float beta, void* grad_out, float* logp_out, float* loss_out, float* kl_out,
    float* ratio_out, uint8_t* clipped_out, void* stream) {
  using namespace ar1cuda;
  static const char* op = "ar1_policy_loss_cuda";
  begin();
  AR1_TRY(ar1_validate_policy_loss(message(), op, logits, dtype, n, v, row_stride, targets,
                                   ref_logp, advantages, variant, temperature, eps_low, eps_high,
                                   beta, grad_out));
  AR1_TRY(check_v32(op, v));
  if (n == 0) return AR1_OK;
  AR1_TRY(check_logits_pointer(op, "logits", logits, dtype));
  if (grad_out != nullptr && grad_out != logits)
    AR1_TRY(check_logits_pointer(op, "grad_out", grad_out, dtype));
  const struct {
    const char* name;
    const void* p;
  } ptrs[] = {{"targets", targets},     {"old_logp", old_logp},   {"ref_logp", ref_logp},
              {"advantages", advantages}, {"mask", mask},       {"weights", weights},
              {"logp_out", logp_out},   {"loss_out", loss_out},   {"kl_out", kl_out},
              {"ratio_out", ratio_out}, {"clipped_out", clipped_out}};
  for (const auto& p : ptrs) AR1_TRY(check_device_pointer(op, p.name, p.p));

  PolicyArgs a;
  a.logits = logits;
  a.grad = grad_out;
  a.n = n;
  a.v = (int32_t)v;
  a.row_stride = row_stride;
  /* a separate gradient buffer takes 16-byte stores only when its rows share logits' phase */
  a.vec = grad_out == nullptr ||
          reinterpret_cast<uintptr_t>(grad_out) % 16 == reinterpret_cast<uintptr_t>(logits) % 16;
  a.targets = targets;
  a.old_logp = old_logp;
  a.ref_logp = beta != 0.0f ? ref_logp : nullptr;
  a.advantages = advantages;
  a.mask = mask;
  a.weights = weights;
  a.variant = variant;
  a.inv_tau = 1.0f / temperature;
  a.k2 = (float)(1.4426950408889634 / (double)temperature);
  a.eps_low = eps_low;
  a.eps_high = eps_high;
  a.beta = beta;
  a.logp_out = logp_out;
  a.loss_out = loss_out;
  a.kl_out = kl_out;
  a.ratio_out = ratio_out;
  a.clipped_out = clipped_out;
  a.any_row_out = logp_out || loss_out || kl_out || ratio_out || clipped_out;
  a.cluster = 1;
  a.seg = a.v;
  if (grad_out == nullptr && !a.any_row_out) return AR1_OK;
  const cudaStream_t s = static_cast<cudaStream_t>(stream);
  return dtype == AR1_BF16 ? launch<uint16_t>(op, a, s) : launch<float>(op, a, s);
}

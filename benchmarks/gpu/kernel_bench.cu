/* GPU benchmark driver of the CUDA kernels (not part of the default build; run.sh compiles it):
 * measures device-copy bandwidth, then times ar1_token_logprobs_cuda (forward, 1 read) and
 * ar1_policy_loss_cuda forward+backward in place (floor: 1 read + 1 write) for bf16 and fp32,
 * V = 151,936, printing rows of the shared table of benchmarks/gpu/README.md.
 * Usage: kernel_bench [--quick] [--reps R] [--header] */
#include <cuda_runtime.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "ar1/kernels.h"

namespace {

#define CK(call)                                                                          \
  do {                                                                                    \
    const cudaError_t e_ = (call);                                                        \
    if (e_ != cudaSuccess) {                                                              \
      fprintf(stderr, "kernel_bench: %s failed: %s\n", #call, cudaGetErrorString(e_));    \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

void ok(int32_t st, const char* what) {
  if (st != AR1_OK) {
    fprintf(stderr, "kernel_bench: %s returned %d: %s\n", what, st, ar1_cuda_last_error());
    exit(1);
  }
}

constexpr int64_t kV = 151936; /* Qwen2.5 vocabulary */

/* One row of the shared table (README.md): bytes is the floor traffic of the op. */
void print_row(const char* impl, const char* kernel, const char* dtype, int64_t n, int64_t v,
               double ms, double bytes, double copy_gbps) {
  const double gbps = bytes / (ms * 1e-3) / 1e9;
  const double floor_ms = bytes / (copy_gbps * 1e9) * 1e3;
  printf("| %-22s | %-20s | %-5s | %6lld | %7lld | %9.3f | %7.3f | %7.0f | %6.2f |\n", impl,
         kernel, dtype, (long long)n, (long long)v, ms, bytes / 1e9, gbps, ms / floor_ms);
  fflush(stdout);
}

void print_header() {
  printf("| %-22s | %-20s | %-5s | %6s | %7s | %9s | %7s | %7s | %6s |\n", "impl", "kernel",
         "dtype", "N", "V", "ms", "GB", "GB/s", "xfloor");
  printf("|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(24, '-').c_str(),
         std::string(22, '-').c_str(), std::string(7, '-').c_str(), std::string(8, '-').c_str(),
         std::string(9, '-').c_str(), std::string(11, '-').c_str(), std::string(9, '-').c_str(),
         std::string(9, '-').c_str(), std::string(8, '-').c_str());
}

/* Evicts L2 between repetitions (llm.c's benchmark_kernel does the same). */
struct L2Flush {
  void* buf = nullptr;
  size_t bytes = 0;
  L2Flush() {
    int dev = 0, l2 = 0;
    CK(cudaGetDevice(&dev));
    CK(cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, dev));
    bytes = (size_t)std::max(l2, 1 << 20) * 2;
    CK(cudaMalloc(&buf, bytes));
  }
  ~L2Flush() { cudaFree(buf); }
  void operator()(cudaStream_t s) const { CK(cudaMemsetAsync(buf, 0, bytes, s)); }
};

/* median ms of `reps` timed runs of run(), each after prep() and an L2 flush, after 2 warm-ups */
double time_ms(const std::function<void()>& prep, const std::function<void()>& run, int reps,
               const L2Flush& flush) {
  cudaEvent_t a, b;
  CK(cudaEventCreate(&a));
  CK(cudaEventCreate(&b));
  for (int w = 0; w < 2; ++w) {
    prep();
    run();
  }
  CK(cudaDeviceSynchronize());
  std::vector<float> t;
  for (int r = 0; r < reps; ++r) {
    prep();
    flush(nullptr);
    CK(cudaEventRecord(a, nullptr));
    run();
    CK(cudaEventRecord(b, nullptr));
    CK(cudaEventSynchronize(b));
    float ms = 0;
    CK(cudaEventElapsedTime(&ms, a, b));
    t.push_back(ms);
  }
  CK(cudaGetLastError());
  cudaEventDestroy(a);
  cudaEventDestroy(b);
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

__global__ void copy_kernel(const uint4* __restrict__ src, uint4* __restrict__ dst, size_t n) {
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
       i += (size_t)gridDim.x * blockDim.x)
    dst[i] = src[i];
}

/* deterministic pseudo-random logits on the device (never zeros: they can time differently) */
__global__ void fill_logits(void* x, int dtype, size_t n, uint32_t seed) {
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
       i += (size_t)gridDim.x * blockDim.x) {
    uint32_t h = (uint32_t)i * 2654435761u ^ seed;
    h ^= h >> 15;
    h *= 2246822519u;
    h ^= h >> 13;
    const float f = ((float)(h & 0xFFFFFF) / 16777216.0f - 0.5f) * 8.0f; /* U(-4, 4) */
    if (dtype == AR1_F32) static_cast<float*>(x)[i] = f;
    else {
      uint32_t u;
      memcpy(&u, &f, 4);
      static_cast<uint16_t*>(x)[i] = (uint16_t)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, header = false;
  int reps = 20;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--quick")) quick = true;
    else if (!strcmp(argv[i], "--header")) header = true;
    else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
    else {
      fprintf(stderr, "usage: kernel_bench [--quick] [--reps R] [--header]\n");
      return 2;
    }
  }
  if (quick) reps = std::min(reps, 7);
  int32_t ndev = 0;
  ok(ar1_cuda_device_count(&ndev), "ar1_cuda_device_count");
  if (ndev == 0) {
    fprintf(stderr, "kernel_bench: no CUDA device: %s\n", ar1_cuda_last_error());
    return 77;
  }
  cudaDeviceProp prop;
  CK(cudaGetDeviceProperties(&prop, 0));
  fprintf(stderr, "kernel_bench: %s, %d SMs, L2 %d MB, reps %d (median, L2 flushed)\n", prop.name,
          prop.multiProcessorCount, prop.l2CacheSize >> 20, reps);
  const L2Flush flush;

  /* 1. device-copy bandwidth (bytes read + bytes written) */
  const size_t copy_bytes = (size_t)(quick ? 1 : 2) << 30;
  void *cs, *cd;
  CK(cudaMalloc(&cs, copy_bytes));
  CK(cudaMalloc(&cd, copy_bytes));
  CK(cudaMemset(cs, 1, copy_bytes));
  const double memcpy_ms = time_ms([] {}, [&] { CK(cudaMemcpyAsync(cd, cs, copy_bytes, cudaMemcpyDeviceToDevice)); }, reps, flush);
  const size_t nvec = copy_bytes / 16;
  const double kernel_ms = time_ms([] {}, [&] {
    copy_kernel<<<prop.multiProcessorCount * 8, 512>>>(static_cast<const uint4*>(cs), static_cast<uint4*>(cd), nvec);
  }, reps, flush);
  CK(cudaFree(cs));
  CK(cudaFree(cd));
  const double memcpy_gbps = 2.0 * copy_bytes / (memcpy_ms * 1e-3) / 1e9;
  const double kernel_gbps = 2.0 * copy_bytes / (kernel_ms * 1e-3) / 1e9;
  const double bw = std::max(memcpy_gbps, kernel_gbps); /* the floor uses the better copy */
  printf("COPY_GBPS %.1f\n", bw);
  if (header) print_header();
  print_row("cudaMemcpy D2D", "copy (1R+1W)", "u8", 1, (int64_t)copy_bytes, memcpy_ms, 2.0 * copy_bytes, bw);
  print_row("copy kernel (uint4)", "copy (1R+1W)", "u8", 1, (int64_t)copy_bytes, kernel_ms, 2.0 * copy_bytes, bw);

  /* 2. the kernels */
  std::vector<int64_t> ns = quick ? std::vector<int64_t>{2048} : std::vector<int64_t>{2048, 8192};
  for (int32_t dtype : {AR1_BF16, AR1_F32}) {
    const char* dn = dtype == AR1_BF16 ? "bf16" : "f32";
    const size_t es = dtype == AR1_BF16 ? 2 : 4;
    for (int64_t n : ns) {
      const size_t elems = (size_t)(n * kV), bytes = elems * es;
      void *pristine, *x;
      CK(cudaMalloc(&pristine, bytes));
      CK(cudaMalloc(&x, bytes));
      fill_logits<<<prop.multiProcessorCount * 8, 512>>>(pristine, dtype, elems, 1234u + (uint32_t)n);
      CK(cudaGetLastError());
      std::vector<int64_t> y((size_t)n);
      std::vector<float> old((size_t)n), A((size_t)n), w((size_t)n, 1.0f / (float)n), mask((size_t)n, 1.0f);
      for (int64_t t = 0; t < n; ++t) {
        y[(size_t)t] = (t * 7919) % kV;
        old[(size_t)t] = -12.0f + 0.1f * (float)(t % 7);
        A[(size_t)t] = (t % 2 ? 1.0f : -1.0f) * (0.2f + 0.1f * (float)(t % 5));
        if (t % 10 == 9) mask[(size_t)t] = 0.0f;
      }
      int64_t* dy;
      float *dold, *dA, *dw, *dm, *logp, *loss, *ratio;
      uint8_t* clipped;
      CK(cudaMalloc(&dy, n * 8));
      for (float** p : {&dold, &dA, &dw, &dm, &logp, &loss, &ratio}) CK(cudaMalloc(p, n * 4));
      CK(cudaMalloc(&clipped, n));
      CK(cudaMemcpy(dy, y.data(), n * 8, cudaMemcpyHostToDevice));
      CK(cudaMemcpy(dold, old.data(), n * 4, cudaMemcpyHostToDevice));
      CK(cudaMemcpy(dA, A.data(), n * 4, cudaMemcpyHostToDevice));
      CK(cudaMemcpy(dw, w.data(), n * 4, cudaMemcpyHostToDevice));
      CK(cudaMemcpy(dm, mask.data(), n * 4, cudaMemcpyHostToDevice));
      CK(cudaMemcpy(x, pristine, bytes, cudaMemcpyDeviceToDevice));

      const double fwd = time_ms([] {}, [&] {
        ok(ar1_token_logprobs_cuda(x, dtype, n, kV, kV, dy, 1.0f, logp, nullptr, nullptr, nullptr), "token_logprobs");
      }, reps, flush);
      print_row("ar1 cuda", "token_logprobs fwd", dn, n, kV, fwd, (double)bytes, bw);
      const double fwd_ent = time_ms([] {}, [&] {
        ok(ar1_token_logprobs_cuda(x, dtype, n, kV, kV, dy, 1.0f, logp, nullptr, ratio, nullptr), "token_logprobs");
      }, reps, flush);
      print_row("ar1 cuda", "logprobs+entropy fwd", dn, n, kV, fwd_ent, (double)bytes, bw);

      for (int cache = 1; cache >= 0; --cache) {
        setenv("AR1_CUDA_ROW_CACHE", cache ? "1" : "0", 1);
        const double ms = time_ms(
            [&] { CK(cudaMemcpyAsync(x, pristine, bytes, cudaMemcpyDeviceToDevice)); },
            [&] {
              ok(ar1_policy_loss_cuda(x, dtype, n, kV, kV, dy, dold, nullptr, dA, dm, dw,
                                      AR1_LOSS_CLIP, 1.0f, 0.2f, 0.28f, 0.0f, x, logp, loss,
                                      nullptr, ratio, clipped, nullptr),
                 "policy_loss");
            },
            reps, flush);
        print_row(cache ? "ar1 cuda (row cache)" : "ar1 cuda (streaming)", "policy_loss fwd+bwd", dn, n, kV,
                  ms, 2.0 * (double)bytes, bw);
      }
      unsetenv("AR1_CUDA_ROW_CACHE");
      /* sanity: the last in-place run produced finite per-row outputs */
      std::vector<float> hl((size_t)n);
      CK(cudaMemcpy(hl.data(), logp, n * 4, cudaMemcpyDeviceToHost));
      for (int64_t t = 0; t < n; ++t)
        if (!(hl[(size_t)t] <= 0.0f) || !isfinite(hl[(size_t)t])) {
          fprintf(stderr, "kernel_bench: logp[%lld] = %g is not a finite log-prob\n", (long long)t, hl[(size_t)t]);
          return 1;
        }
      for (void* p : std::initializer_list<void*>{pristine, x, dy, dold, dA, dw, dm, logp, loss, ratio, clipped})
        CK(cudaFree(p));
    }
  }
  return 0;
}

// Times ar1_policy_loss_cpu forward+backward in place (clip, old log-probs, no KL) and, for
// comparison, the forward-only ar1_token_logprobs_cpu, at V = 151,936 for f32 and bf16, N = 512
// and 2048, and prints ns per logit element. Not a test.
// Also prints the process CPU time per element (all threads), which a busy shared machine
// distorts less than the wall time. Usage: bench_cpu_policy_loss [threads=2] [reps=5]
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include "ar1/kernels.h"

namespace {

uint16_t to_bf16(float f) {
  uint32_t u;
  __builtin_memcpy(&u, &f, 4);
  u += 0x7FFFu + ((u >> 16) & 1u);
  return (uint16_t)(u >> 16);
}

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

struct Timing {
  double wall_ns, cpu_ns;  // per logit element, medians
  double wall_min_ns;      // the fastest run: closest to the kernel's speed on a busy machine
};

Timing bench(int dtype, int64_t n, int64_t v, int reps, bool forward_only) {
  std::mt19937 rng(42);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  const size_t elems = (size_t)(n * v);
  std::vector<float> base(elems);
  for (auto& x : base) x = normal(rng);
  std::vector<float> f32;
  std::vector<uint16_t> b16;
  if (dtype == AR1_F32) f32.resize(elems); else b16.resize(elems);
  std::vector<int64_t> targets((size_t)n);
  std::vector<float> old((size_t)n, -12.0f), adv((size_t)n), logp((size_t)n), loss((size_t)n);
  for (int64_t r = 0; r < n; ++r) {
    targets[(size_t)r] = (int64_t)(rng() % (uint32_t)v);
    adv[(size_t)r] = r % 2 ? 0.7f : -0.7f;
  }
  std::vector<double> times, cpu;
  for (int rep = 0; rep < reps + 1; ++rep) {
    // restore the logits (the kernel overwrites them in place); not timed
    if (dtype == AR1_F32) std::copy(base.begin(), base.end(), f32.begin());
    else for (size_t i = 0; i < elems; ++i) b16[i] = to_bf16(base[i]);
    void* lg = dtype == AR1_F32 ? (void*)f32.data() : (void*)b16.data();
    const double c0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    const int32_t st =
        forward_only
            ? ar1_token_logprobs_cpu(lg, dtype, n, v, v, targets.data(), 1.0f, logp.data(),
                                     loss.data(), nullptr, nullptr)
            : ar1_policy_loss_cpu(lg, dtype, n, v, v, targets.data(), old.data(), nullptr,
                                  adv.data(), nullptr, nullptr, AR1_LOSS_CLIP, 1.0f, 0.2f, 0.28f,
                                  0.0f, lg, logp.data(), loss.data(), nullptr, nullptr, nullptr,
                                  nullptr);
    const auto t1 = std::chrono::steady_clock::now();
    const double c1 = cpu_seconds();
    if (st != AR1_OK) {
      fprintf(stderr, "error: %s\n", ar1_last_error());
      exit(1);
    }
    if (rep > 0) {  // the first run warms the pages and caches
      times.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
      cpu.push_back((c1 - c0) * 1e9);
    }
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu.begin(), cpu.end());
  return Timing{times[times.size() / 2] / (double)elems, cpu[cpu.size() / 2] / (double)elems,
                times[0] / (double)elems};
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? atoi(argv[1]) : 2;
  const int reps = argc > 2 ? atoi(argv[2]) : 5;
  ar1_set_num_threads_cpu(threads);
  const int64_t v = 151936;
  printf("V=%lld, %d threads, %d timed runs each\n", (long long)v, threads, reps);
  for (bool fwd : {false, true})
    for (int dtype : {AR1_F32, AR1_BF16})
      for (int64_t n : {512, 2048}) {
        const Timing t = bench(dtype, n, v, reps, fwd);
        printf("  %-29s %-4s N=%-5lld wall median %.3f min %.3f ns/element, cpu %.3f ns/element "
               "(all threads)\n",
               fwd ? "token_logprobs fwd" : "policy_loss fwd+bwd in place",
               dtype == AR1_F32 ? "f32" : "bf16", (long long)n, t.wall_ns, t.wall_min_ns, t.cpu_ns);
      }
  return 0;
}

/* Twin test: every CUDA kernel of include/ar1/kernels.h against its CPU twin on the same seeded
 * inputs (llm.c style: random logits with x20 outliers, +-1e4 and -inf entries, odd V, masked
 * rows, both signs of A, in place and not, both policy-loss paths). Exit 0 pass, 1 fail,
 * 77 (ctest SKIP_RETURN_CODE) when no CUDA device or driver is present.
 * Seed: AR1_TEST_SEED (default 20261122), printed first; AR1_TWIN_QUICK=1 runs a subset. */
#include <cuda_runtime.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "ar1/kernels.h"
#include "reference_kernels.h"

namespace {

/* Tolerances, |x - ref| <= atol + rtol |ref|, ref = CPU twin. All in one place. */
struct Tol {
  double atol, rtol;
};
constexpr Tol kLogpTol{1e-6, 1e-5};    /* logp, lse: fp32 rounding of an lse ~ 12 */
constexpr Tol kEntropyTol{1e-5, 1e-5}; /* entropy: ln s - ln2 e / s, two rounded terms */
constexpr Tol kLossTol{2.0, 1e-5}; /* loss, kl, ratio: atol x the row's propagated logp budget */
/* grad: atol is a per-row budget (test_policy_loss): kGradRowAtol |g / tau| (the j == y term
 * 1 - p_y carries ~1 ulp of 1 in each twin) plus the drift of g over logp's tolerance; bf16
 * outputs may differ by one bf16 ulp (2^-8) when the fp32 values straddle a rounding boundary,
 * hence the looser rtol there. */
constexpr double kGradRowAtol = 1e-6;
constexpr Tol kGradTolF32{1.0, 1e-4};
constexpr Tol kGradTolBf16{1.0, 8e-3};
constexpr Tol kAdvTol{1e-6, 1e-6};   /* same double formula in both twins */
constexpr Tol kNoiseTol{1e-6, 1e-6}; /* same double Box-Muller; libm vs libdevice last ulp */
constexpr double kNoiseU8MismatchFraction = 1e-4; /* u8 values may differ by 1 that often */

uint64_t g_seed = 20261122;
bool g_quick = false; /* AR1_TWIN_QUICK=1: a third of the loss cases (compute-sanitizer runs) */
int g_failures = 0;
int g_checks = 0;

#define CK(call)                                                                           \
  do {                                                                                     \
    const cudaError_t e_ = (call);                                                         \
    if (e_ != cudaSuccess) {                                                               \
      fprintf(stderr, "FAIL %s:%d %s: %s (seed %llu)\n", __FILE__, __LINE__, #call,          \
              cudaGetErrorString(e_), (unsigned long long)g_seed);                         \
      exit(1);                                                                             \
    }                                                                                      \
  } while (0)

/* a status that must be AR1_OK; `lib` names whose last_error to print */
void ok(int32_t st, const char* what, bool cuda) {
  if (st != AR1_OK) {
    fprintf(stderr, "FAIL %s returned %d: %s (seed %llu)\n", what, st,
            cuda ? ar1_cuda_last_error() : ar1_last_error(), (unsigned long long)g_seed);
    exit(1);
  }
}

void expect(bool cond, const std::string& what) {
  ++g_checks;
  if (!cond) {
    ++g_failures;
    fprintf(stderr, "FAIL %s (seed %llu)\n", what.c_str(), (unsigned long long)g_seed);
  }
}

/* compare n values; NaN matches NaN only; prints the first few mismatches */
int compare(const std::string& what, const float* got, const float* ref, int64_t n, Tol tol,
            const float* row_scale = nullptr, int64_t per_row = 1) {
  int bad = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double g = got[i], r = ref[i];
    const double atol = tol.atol * (row_scale ? fabs((double)row_scale[i / per_row]) : 1.0);
    bool good;
    if (isnan(r) || isnan(g)) good = isnan(r) && isnan(g);
    else if (isinf(r) || isinf(g)) good = g == r;
    else good = fabs(g - r) <= atol + tol.rtol * fabs(r);
    if (!good && bad++ < 5)
      fprintf(stderr, "  %s[%lld]: cuda %.9g cpu %.9g (atol %.3g rtol %.3g)\n", what.c_str(),
              (long long)i, g, r, atol, tol.rtol);
  }
  ++g_checks;
  if (bad) {
    ++g_failures;
    fprintf(stderr, "FAIL %s: %d of %lld values off (seed %llu)\n", what.c_str(), bad,
            (long long)n, (unsigned long long)g_seed);
  }
  return bad;
}

uint16_t to_bf16(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (uint16_t)((u >> 16) | 0x40u);
  u += 0x7FFFu + ((u >> 16) & 1u);
  return (uint16_t)(u >> 16);
}
float from_bf16(uint16_t h) {
  const uint32_t u = (uint32_t)h << 16;
  float f;
  memcpy(&f, &u, 4);
  return f;
}

/* device buffer, freed on scope exit */
struct Dev {
  void* p = nullptr;
  size_t bytes = 0;
  explicit Dev(size_t b) : bytes(b) { CK(cudaMalloc(&p, b ? b : 1)); }
  ~Dev() { cudaFree(p); }
  Dev(const Dev&) = delete;
  Dev& operator=(const Dev&) = delete;
  template <typename T>
  T* as() const { return static_cast<T*>(p); }
  void put(const void* h, size_t b) { CK(cudaMemcpy(p, h, b, cudaMemcpyHostToDevice)); }
  void get(void* h, size_t b) const { CK(cudaMemcpy(h, p, b, cudaMemcpyDeviceToHost)); }
  void poison() { CK(cudaMemset(p, 0xFF, bytes ? bytes : 1)); } /* NaN floats, 255 bytes */
};
template <typename T>
std::unique_ptr<Dev> upload(const std::vector<T>& h) {
  auto d = std::unique_ptr<Dev>(new Dev(h.size() * sizeof(T)));
  d->put(h.data(), h.size() * sizeof(T));
  return d;
}

/* logits [n, stride] as f32 values (bf16-representable when dtype is bf16), targets [n] */
struct Logits {
  int64_t n, v, stride;
  int32_t dtype;
  std::vector<float> f;     /* values as the kernels see them */
  std::vector<uint8_t> raw; /* the dtype's bytes */
  std::vector<int64_t> y;
};

/* far_peaks: some rows peak (1e4) away from the target, so logp ~ -2e4; its fp32 rounding
 * (~1e-3) then dominates every quantity derived from logp, so the loss test leaves them out */
Logits make_logits(std::mt19937_64& rng, int64_t n, int64_t v, int64_t stride, int32_t dtype,
                   bool far_peaks = true) {
  Logits L{n, v, stride, dtype, {}, {}, {}};
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::uniform_int_distribution<int64_t> col(0, v - 1);
  L.f.assign((size_t)(n * stride), 0.0f);
  L.y.resize((size_t)n);
  for (int64_t r = 0; r < n; ++r) {
    float* x = &L.f[(size_t)(r * stride)];
    for (int64_t j = 0; j < v; ++j) x[j] = nd(rng) * 2.0f;
    for (int k = 0; k < 3; ++k) x[col(rng)] *= 20.0f; /* llm.c outliers */
    L.y[(size_t)r] = col(rng);
    if (v > 2 && r % 7 == 3) x[col(rng)] = -INFINITY;
    if (v > 2 && r % 11 == 5) {
      const int64_t j = col(rng);
      if (j != L.y[(size_t)r]) x[j] = -1e4f;
    }
    if (r % 13 == 6) x[L.y[(size_t)r]] = 1e4f; /* a peaked row: p_y = 1 */
    if (far_peaks && v > 2 && r % 17 == 8) x[col(rng)] = 1e4f; /* peaked elsewhere */
    for (int64_t j = v; j < stride; ++j) x[j] = 12345.0f; /* padding: must never be read */
    if (L.y[(size_t)r] < v && isinf(x[L.y[(size_t)r]])) x[L.y[(size_t)r]] = 0.5f;
  }
  if (dtype == AR1_BF16) {
    L.raw.resize(L.f.size() * 2);
    uint16_t* h = reinterpret_cast<uint16_t*>(L.raw.data());
    for (size_t i = 0; i < L.f.size(); ++i) {
      h[i] = to_bf16(L.f[i]);
      L.f[i] = from_bf16(h[i]);
    }
  } else {
    L.raw.resize(L.f.size() * 4);
    memcpy(L.raw.data(), L.f.data(), L.raw.size());
  }
  return L;
}

const char* dname(int32_t d) { return d == AR1_BF16 ? "bf16" : "f32"; }

/* ------------------------------------------------------------------ token log-probs */
void test_token_logprobs(std::mt19937_64& rng, int64_t n, int64_t v, int64_t pad, int32_t dtype,
                         float tau) {
  const Logits L = make_logits(rng, n, v, v + pad, dtype);
  char tag[160];
  snprintf(tag, sizeof tag, "token_logprobs %s n=%lld v=%lld stride=%lld tau=%g", dname(dtype),
           (long long)n, (long long)v, (long long)(v + pad), (double)tau);
  std::vector<float> logp(n), lse(n), ent(n), glogp(n), glse(n), gent(n);
  ok(ar1_token_logprobs_cpu(L.raw.data(), dtype, n, v, L.stride, L.y.data(), tau, logp.data(),
                            lse.data(), ent.data(), nullptr),
     tag, false);
  auto dx = upload(L.raw);
  auto dy = upload(L.y);
  Dev dl(n * 4), ds(n * 4), de(n * 4);
  dl.poison(), ds.poison(), de.poison();
  ok(ar1_token_logprobs_cuda(dx->p, dtype, n, v, L.stride, dy->as<int64_t>(), tau, dl.as<float>(),
                             ds.as<float>(), de.as<float>(), nullptr),
     tag, true);
  CK(cudaDeviceSynchronize());
  dl.get(glogp.data(), n * 4), ds.get(glse.data(), n * 4), de.get(gent.data(), n * 4);
  compare(std::string(tag) + " logp", glogp.data(), logp.data(), n, kLogpTol);
  compare(std::string(tag) + " lse", glse.data(), lse.data(), n, kLogpTol);
  compare(std::string(tag) + " entropy", gent.data(), ent.data(), n, kEntropyTol);
  /* without the entropy (the other kernel instance) and only logp wanted */
  dl.poison();
  ok(ar1_token_logprobs_cuda(dx->p, dtype, n, v, L.stride, dy->as<int64_t>(), tau, dl.as<float>(),
                             nullptr, nullptr, nullptr),
     tag, true);
  CK(cudaDeviceSynchronize());
  dl.get(glogp.data(), n * 4);
  compare(std::string(tag) + " logp (no entropy)", glogp.data(), logp.data(), n, kLogpTol);
}

/* ------------------------------------------------------------------ policy loss */
struct LossCase {
  int64_t n, v, pad;
  int32_t dtype, variant;
  float beta, tau;
  bool inplace, cache, misphase, outputs, backward;
};

void test_policy_loss(std::mt19937_64& rng, const LossCase& c) {
  const Logits L = make_logits(rng, c.n, c.v, c.v + c.pad, c.dtype, false);
  const int64_t n = c.n, es = c.dtype == AR1_BF16 ? 2 : 4;
  const size_t bytes = L.raw.size();
  char tag[256];
  snprintf(tag, sizeof tag,
           "policy_loss %s n=%lld v=%lld stride=%lld %s beta=%g tau=%g %s%s%s%s%s",
           dname(c.dtype), (long long)n, (long long)c.v, (long long)L.stride,
           c.variant == AR1_LOSS_CLIP ? "clip" : "plain", (double)c.beta, (double)c.tau,
           c.backward ? (c.inplace ? "in-place" : "grad_out") : "forward-only",
           c.cache ? " row-cache" : " streaming", c.misphase ? " misphase" : "",
           c.outputs ? "" : " no-row-outputs", "");
  const float eps_low = 0.2f, eps_high = 0.28f;
  /* per-row inputs: ratios well away from the clip boundaries 0.8 and 1.28 */
  std::vector<float> lp0(n);
  ok(ar1_token_logprobs_cpu(L.raw.data(), c.dtype, n, c.v, L.stride, L.y.data(), c.tau,
                            lp0.data(), nullptr, nullptr, nullptr),
     tag, false);
  static const float ratios[] = {0.5f, 0.7f, 0.9f, 1.0f, 1.1f, 1.2f, 1.5f, 2.0f};
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::uniform_real_distribution<float> uw(1e-3f, 1e-2f);
  std::vector<float> old(n), ref(n), A(n), mask(n), w(n);
  for (int64_t t = 0; t < n; ++t) {
    old[t] = lp0[t] - logf(ratios[(t * 5 + 3) % 8]);
    ref[t] = lp0[t] + 0.3f * nd(rng);
    A[t] = t % 9 == 4 ? 0.0f : nd(rng);
    mask[t] = t % 5 == 2 ? 0.0f : 1.0f;
    w[t] = uw(rng);
  }
  /* CPU twin (always with every per-row output) */
  std::vector<uint8_t> cpu_x = L.raw, cpu_g(bytes, 0xFF);
  std::vector<float> logp(n), loss(n), kl(n), ratio(n);
  std::vector<uint8_t> clipped(n);
  void* cgrad = c.backward ? (c.inplace ? (void*)cpu_x.data() : (void*)cpu_g.data()) : nullptr;
  ok(ar1_policy_loss_cpu(cpu_x.data(), c.dtype, n, c.v, L.stride, L.y.data(), old.data(),
                         c.beta != 0 ? ref.data() : nullptr, A.data(), mask.data(), w.data(),
                         c.variant, c.tau, eps_low, eps_high, c.beta, cgrad, logp.data(),
                         loss.data(), kl.data(), ratio.data(), clipped.data(), nullptr),
     tag, false);
  /* CUDA */
  setenv("AR1_CUDA_ROW_CACHE", c.cache ? "1" : "0", 1);
  auto dx = upload(L.raw);
  auto dy = upload(L.y);
  auto dold = upload(old), dref = upload(ref), dA = upload(A), dm = upload(mask), dw = upload(w);
  const size_t phase = c.misphase ? (size_t)es : 0; /* grad rows off logits' 16-byte phase */
  Dev dg(bytes + 16);
  dg.poison();
  Dev dlogp(n * 4), dloss(n * 4), dkl(n * 4), dratio(n * 4), dclip(n);
  dlogp.poison(), dloss.poison(), dkl.poison(), dratio.poison(), dclip.poison();
  void* ggrad = c.backward ? (c.inplace ? dx->p : (void*)(dg.as<uint8_t>() + phase)) : nullptr;
  ok(ar1_policy_loss_cuda(dx->p, c.dtype, n, c.v, L.stride, dy->as<int64_t>(), dold->as<float>(),
                          c.beta != 0 ? dref->as<float>() : nullptr, dA->as<float>(),
                          dm->as<float>(), dw->as<float>(), c.variant, c.tau, eps_low, eps_high,
                          c.beta, ggrad, c.outputs ? dlogp.as<float>() : nullptr,
                          c.outputs ? dloss.as<float>() : nullptr,
                          c.outputs ? dkl.as<float>() : nullptr,
                          c.outputs ? dratio.as<float>() : nullptr,
                          c.outputs ? dclip.as<uint8_t>() : nullptr, nullptr),
     tag, true);
  CK(cudaDeviceSynchronize());
  unsetenv("AR1_CUDA_ROW_CACHE");
  const std::string t(tag);
  if (c.outputs) {
    std::vector<float> g1(n), g2(n), g3(n), g4(n);
    std::vector<uint8_t> gc(n);
    dlogp.get(g1.data(), n * 4), dloss.get(g2.data(), n * 4), dkl.get(g3.data(), n * 4);
    dratio.get(g4.data(), n * 4), dclip.get(gc.data(), n);
    compare(t + " logp", g1.data(), logp.data(), n, kLogpTol);
    /* loss, kl and ratio inherit logp's tolerance through their derivatives (|d loss / d logp|
     * <= |A| r + beta |1 - e^d|, d ratio = r d logp, |d k3| <= 1 + e^|d|) */
    std::vector<float> budget(n);
    for (int64_t i = 0; i < n; ++i)
      budget[i] = (float)((kLogpTol.atol + kLogpTol.rtol * fabs(logp[i])) *
                          (1.0 + fabs(A[i]) * ratio[i] + ratio[i] + exp(fabs(ref[i] - logp[i]))));
    compare(t + " loss", g2.data(), loss.data(), n, kLossTol, budget.data());
    compare(t + " kl", g3.data(), kl.data(), n, kLossTol, budget.data());
    compare(t + " ratio", g4.data(), ratio.data(), n, kLossTol, budget.data());
    int bad = 0;
    for (int64_t i = 0; i < n; ++i) bad += gc[i] != clipped[i];
    expect(bad == 0, t + " clipped flags");
  }
  /* gradient rows [v] of each stride, as floats; the row scale is |g_t / tau| */
  std::vector<uint8_t> gpu_g(bytes);
  if (c.backward) {
    if (c.inplace) dx->get(gpu_g.data(), bytes);
    else CK(cudaMemcpy(gpu_g.data(), dg.as<uint8_t>() + phase, bytes, cudaMemcpyDeviceToHost));
    const std::vector<uint8_t>& cg = c.inplace ? cpu_x : cpu_g;
    std::vector<float> gv((size_t)(n * c.v)), cv((size_t)(n * c.v)), scale(n);
    for (int64_t r = 0; r < n; ++r) {
      /* g = d loss / d logp is itself a function of logp, and each twin rounds its own logp
       * (within kLogpTol of the other): the row's atol adds how far g moves over that budget.
       * Large |logp| (outlier rows) makes this dominate: seen on an H200, 2026-12-01. */
      const double dlp = kLogpTol.atol + kLogpTol.rtol * fabs((double)logp[r]);
      double g_at[3];
      for (int k = 0; k < 3; ++k)
        g_at[k] = (double)ar1ref::loss((double)logp[r] + (k - 1) * dlp, &old[r], &ref[r], A[r],
                                       mask[r], w[r], c.variant, eps_low, eps_high, c.beta,
                                       clipped[r]).g;
      const double g_drift = fmax(fabs(g_at[0] - g_at[1]), fabs(g_at[2] - g_at[1]));
      scale[r] = (float)((kGradRowAtol * fabs(g_at[1]) + g_drift) / c.tau);
      for (int64_t j = 0; j < c.v; ++j) {
        const size_t k = (size_t)(r * L.stride + j), o2 = (size_t)(r * c.v + j);
        if (c.dtype == AR1_BF16) {
          gv[o2] = from_bf16(reinterpret_cast<const uint16_t*>(gpu_g.data())[k]);
          cv[o2] = from_bf16(reinterpret_cast<const uint16_t*>(cg.data())[k]);
        } else {
          gv[o2] = reinterpret_cast<const float*>(gpu_g.data())[k];
          cv[o2] = reinterpret_cast<const float*>(cg.data())[k];
        }
      }
      /* the padding between rows is never written (in place it still holds 12345) */
      for (int64_t j = c.v; j < L.stride; ++j) {
        const size_t k = (size_t)(r * L.stride + j) * es;
        expect(memcmp(&gpu_g[k], c.inplace ? &L.raw[k] : &cpu_g[k], es) == 0 ||
                   (!c.inplace && gpu_g[k] == 0xFF),
               t + " padding untouched");
        if (!c.inplace) break; /* one check per row is enough */
      }
    }
    compare(t + " grad", gv.data(), cv.data(), n * c.v,
            c.dtype == AR1_BF16 ? kGradTolBf16 : kGradTolF32, scale.data(), c.v);
  } else {
    /* forward only: logits untouched */
    dx->get(gpu_g.data(), bytes);
    expect(memcmp(gpu_g.data(), L.raw.data(), bytes) == 0, t + " logits untouched");
  }
  if (c.backward && !c.inplace) {
    dx->get(gpu_g.data(), bytes);
    expect(memcmp(gpu_g.data(), L.raw.data(), bytes) == 0, t + " logits untouched by grad_out");
  }
}

/* Device data the host cannot check: targets out of range give NaN rows, never a fault. */
void test_bad_targets(std::mt19937_64& rng) {
  const int64_t n = 6, v = 1000;
  Logits L = make_logits(rng, n, v, v, AR1_F32);
  L.y[1] = -1;
  L.y[4] = v;
  auto dx = upload(L.raw);
  auto dy = upload(L.y);
  std::vector<float> A(n, 1.0f);
  auto dA = upload(A);
  Dev dlogp(n * 4), dloss(n * 4);
  ok(ar1_policy_loss_cuda(dx->p, AR1_F32, n, v, v, dy->as<int64_t>(), nullptr, nullptr,
                          dA->as<float>(), nullptr, nullptr, AR1_LOSS_CLIP, 1.0f, 0.2f, 0.2f,
                          0.0f, dx->p, dlogp.as<float>(), dloss.as<float>(), nullptr, nullptr,
                          nullptr, nullptr),
     "policy_loss bad targets", true);
  Dev dl2(n * 4);
  ok(ar1_token_logprobs_cuda(dx->p, AR1_F32, n, v, v, dy->as<int64_t>(), 1.0f, dl2.as<float>(),
                             nullptr, nullptr, nullptr),
     "token_logprobs bad targets", true);
  CK(cudaDeviceSynchronize());
  std::vector<float> lp(n), l2(n), g((size_t)(n * v));
  dlogp.get(lp.data(), n * 4), dl2.get(l2.data(), n * 4), dx->get(g.data(), g.size() * 4);
  for (int64_t r = 0; r < n; ++r) {
    const bool bad = r == 1 || r == 4;
    expect(bad == (bool)isnan(lp[r]), "policy_loss bad target -> NaN logp, row " + std::to_string(r));
    expect(bad == (bool)isnan(l2[r]), "token_logprobs bad target -> NaN logp, row " + std::to_string(r));
    expect(bad == (bool)isnan(g[(size_t)(r * v + 7)]), "bad target -> NaN grad row " + std::to_string(r));
  }
}

/* ------------------------------------------------------------------ group advantages */
void test_group_advantages(std::mt19937_64& rng, int64_t groups, int64_t G, int32_t mode,
                           int32_t unbiased) {
  const int64_t count = groups * G;
  std::vector<float> r((size_t)count);
  std::uniform_int_distribution<int> coin(0, 3);
  std::normal_distribution<float> nd(0.5f, 2.0f);
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t i = 0; i < G; ++i) /* some constant groups, some 0/1, some continuous */
      r[(size_t)(g * G + i)] = g % 4 == 1 ? 0.7f : g % 4 == 2 ? (float)coin(rng) / 3.0f : nd(rng);
  char tag[128];
  snprintf(tag, sizeof tag, "group_advantages groups=%lld G=%lld mode=%d unbiased=%d",
           (long long)groups, (long long)G, mode, unbiased);
  std::vector<float> adv((size_t)count), mean((size_t)groups), sd((size_t)groups);
  std::vector<uint8_t> flag((size_t)groups);
  ok(ar1_group_advantages_cpu(r.data(), groups, G, mode, unbiased, 1e-4f, adv.data(),
                              mean.data(), sd.data(), flag.data(), nullptr),
     tag, false);
  auto dr = upload(r);
  Dev da(count * 4), dm(groups * 4), ds(groups * 4), df(groups);
  da.poison(), dm.poison(), ds.poison(), df.poison();
  ok(ar1_group_advantages_cuda(dr->as<float>(), groups, G, mode, unbiased, 1e-4f, da.as<float>(),
                               dm.as<float>(), ds.as<float>(), df.as<uint8_t>(), nullptr),
     tag, true);
  CK(cudaDeviceSynchronize());
  std::vector<float> ga((size_t)count), gm((size_t)groups), gs((size_t)groups);
  std::vector<uint8_t> gf((size_t)groups);
  da.get(ga.data(), count * 4), dm.get(gm.data(), groups * 4), ds.get(gs.data(), groups * 4);
  df.get(gf.data(), groups);
  const std::string t(tag);
  compare(t + " advantages", ga.data(), adv.data(), count, kAdvTol);
  compare(t + " mean", gm.data(), mean.data(), groups, kAdvTol);
  compare(t + " std", gs.data(), sd.data(), groups, kAdvTol);
  expect(gf == flag, t + " zero-variance flags");
}

/* ------------------------------------------------------------------ image noise */
void test_image_noise(std::mt19937_64& rng, int32_t dtype, int64_t count, float sigma, int32_t step,
                      uint64_t offset, int32_t clamp, bool inplace) {
  const size_t es = dtype == AR1_U8 ? 1 : 4, bytes = (size_t)count * es;
  std::vector<uint8_t> src(bytes);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  for (int64_t i = 0; i < count; ++i) {
    if (dtype == AR1_U8) src[(size_t)i] = (uint8_t)(u(rng) * 255.99f);
    else reinterpret_cast<float*>(src.data())[i] = u(rng);
  }
  const uint64_t seed = g_seed * 0x9E3779B97F4A7C15ull + (uint64_t)count;
  char tag[160];
  snprintf(tag, sizeof tag, "image_noise %s count=%lld sigma=%g step=%d offset=%llu clamp=%d %s",
           dtype == AR1_U8 ? "u8" : "f32", (long long)count, (double)sigma, step,
           (unsigned long long)offset, clamp, inplace ? "in-place" : "out");
  std::vector<uint8_t> cpu(bytes);
  ok(ar1_image_noise_cpu(src.data(), cpu.data(), dtype, count, sigma, step, seed, offset, clamp,
                         nullptr),
     tag, false);
  auto ds = upload(src);
  Dev dd(bytes);
  dd.poison();
  void* dst = inplace ? ds->p : dd.p;
  ok(ar1_image_noise_cuda(ds->p, dst, dtype, count, sigma, step, seed, offset, clamp, nullptr), tag,
     true);
  CK(cudaDeviceSynchronize());
  std::vector<uint8_t> gpu(bytes);
  CK(cudaMemcpy(gpu.data(), dst, bytes, cudaMemcpyDeviceToHost));
  const std::string t(tag);
  if (dtype == AR1_F32) {
    compare(t, reinterpret_cast<const float*>(gpu.data()), reinterpret_cast<const float*>(cpu.data()),
            count, kNoiseTol);
  } else {
    int64_t off1 = 0, worse = 0;
    for (int64_t i = 0; i < count; ++i) {
      const int d = abs((int)gpu[(size_t)i] - (int)cpu[(size_t)i]);
      off1 += d == 1;
      worse += d > 1;
    }
    expect(worse == 0 && (double)off1 <= kNoiseU8MismatchFraction * (double)count + 1.0,
           t + " u8 values (" + std::to_string(off1) + " off by one, " + std::to_string(worse) +
               " worse)");
  }
  /* launch-shape independence: the same elements produced in two calls at two offsets */
  if (count >= 10 && !inplace) {
    const int64_t k = count / 3 + 1;
    Dev d2(bytes);
    ok(ar1_image_noise_cuda(ds->p, d2.p, dtype, k, sigma, step, seed, offset, clamp, nullptr), tag, true);
    ok(ar1_image_noise_cuda(ds->as<uint8_t>() + k * es, d2.as<uint8_t>() + k * es, dtype, count - k,
                            sigma, step, seed, offset + (uint64_t)k, clamp, nullptr),
       tag, true);
    CK(cudaDeviceSynchronize());
    std::vector<uint8_t> split(bytes);
    d2.get(split.data(), bytes);
    expect(split == gpu, t + " split at " + std::to_string(k) + " gives the same bits");
  }
}

/* ------------------------------------------------------------------ argument errors */
void test_errors() {
  std::vector<float> host(64, 0.0f);
  std::vector<int64_t> hy(4, 0);
  Dev dx(64 * 4), dy(4 * 8), dout(4 * 4);
  CK(cudaMemset(dx.p, 0, 64 * 4));
  CK(cudaMemset(dy.p, 0, 4 * 8));
  float* o = dout.as<float>();
  const int64_t* y = dy.as<int64_t>();
  expect(ar1_token_logprobs_cuda(host.data(), AR1_F32, 4, 16, 16, y, 1.0f, o, nullptr, nullptr,
                                 nullptr) == AR1_ERR_INVALID_ARGUMENT &&
             strstr(ar1_cuda_last_error(), "host memory") != nullptr,
         std::string("host logits rejected: ") + ar1_cuda_last_error());
  expect(ar1_token_logprobs_cuda(dx.p, AR1_F32, 4, 16, 16, hy.data(), 1.0f, o, nullptr, nullptr,
                                 nullptr) == AR1_ERR_INVALID_ARGUMENT,
         "host targets rejected");
  expect(ar1_token_logprobs_cuda(nullptr, AR1_F32, 4, 16, 16, y, 1.0f, o, nullptr, nullptr,
                                 nullptr) == AR1_ERR_INVALID_ARGUMENT,
         "NULL logits rejected");
  expect(ar1_token_logprobs_cuda(dx.p, AR1_U8, 4, 16, 16, y, 1.0f, o, nullptr, nullptr, nullptr) ==
             AR1_ERR_INVALID_ARGUMENT,
         "u8 logits rejected");
  expect(ar1_token_logprobs_cuda(dx.p, AR1_F32, 4, 16, 15, y, 1.0f, o, nullptr, nullptr, nullptr) ==
             AR1_ERR_INVALID_ARGUMENT,
         "row_stride < v rejected");
  expect(ar1_token_logprobs_cuda(dx.p, AR1_F32, 4, 16, 16, y, 0.0f, o, nullptr, nullptr, nullptr) ==
             AR1_ERR_INVALID_ARGUMENT,
         "temperature 0 rejected");
  expect(ar1_policy_loss_cuda(dx.p, AR1_F32, 4, 16, 16, y, nullptr, nullptr, o, nullptr, nullptr,
                              AR1_LOSS_CLIP, 1.0f, 0.2f, 0.2f, 0.1f, dx.p, nullptr, nullptr,
                              nullptr, nullptr, nullptr, nullptr) == AR1_ERR_INVALID_ARGUMENT,
         "beta != 0 without ref_logp rejected");
  expect(ar1_policy_loss_cuda(dx.p, AR1_F32, 4, 16, 16, y, nullptr, nullptr, o, nullptr, nullptr,
                              7, 1.0f, 0.2f, 0.2f, 0.0f, dx.p, nullptr, nullptr, nullptr, nullptr,
                              nullptr, nullptr) == AR1_ERR_INVALID_ARGUMENT,
         "unknown variant rejected");
  expect(ar1_group_advantages_cuda(host.data(), 2, 4, AR1_ADV_STD, 1, 1e-4f, o, nullptr, nullptr,
                                   nullptr, nullptr) == AR1_ERR_INVALID_ARGUMENT,
         "host rewards rejected");
  expect(ar1_image_noise_cuda(dx.p, dx.p, AR1_BF16, 8, 0.1f, -1, 1, 0, 1, nullptr) ==
             AR1_ERR_INVALID_ARGUMENT,
         "bf16 image rejected");
  /* n == 0 and count == 0 are valid, with NULL buffers */
  expect(ar1_token_logprobs_cuda(nullptr, AR1_F32, 0, 16, 16, nullptr, 1.0f, nullptr, nullptr,
                                 nullptr, nullptr) == AR1_OK,
         "n == 0 is OK");
  expect(ar1_group_advantages_cuda(nullptr, 0, 4, AR1_ADV_STD, 1, 1e-4f, nullptr, nullptr,
                                   nullptr, nullptr, nullptr) == AR1_OK,
         "num_groups == 0 is OK");
  /* the context survived all of this */
  CK(cudaDeviceSynchronize());
  ok(ar1_token_logprobs_cuda(dx.p, AR1_F32, 4, 16, 16, y, 1.0f, o, nullptr, nullptr, nullptr),
     "valid call after errors", true);
  CK(cudaDeviceSynchronize());
}

}  // namespace

int main() {
  if (const char* s = getenv("AR1_TEST_SEED")) g_seed = strtoull(s, nullptr, 10);
  g_quick = getenv("AR1_TWIN_QUICK") != nullptr && strcmp(getenv("AR1_TWIN_QUICK"), "0") != 0;
  printf("test_cuda_twins: seed %llu (AR1_TEST_SEED)%s\n", (unsigned long long)g_seed,
         g_quick ? ", quick" : "");
  expect(ar1_cuda_abi_version() == AR1_ABI_VERSION && ar1_abi_version() == AR1_ABI_VERSION,
         "ABI versions match the header");
  int32_t count = -1;
  if (ar1_cuda_device_count(&count) != AR1_OK || count < 0) {
    fprintf(stderr, "FAIL ar1_cuda_device_count must return AR1_OK: %s\n", ar1_cuda_last_error());
    return 1;
  }
  if (count == 0) {
    printf("SKIP: no CUDA device (%s)\n", ar1_cuda_last_error());
    return 77;
  }
  cudaDeviceProp prop;
  CK(cudaGetDeviceProperties(&prop, 0));
  printf("device: %s (sm_%d%d)\n", prop.name, prop.major, prop.minor);
  std::mt19937_64 rng(g_seed);

  for (int32_t dt : {AR1_F32, AR1_BF16})
    for (int64_t v : {1, 7, 1000, 4099, 151936})
      for (int64_t pad : {0, 3})
        test_token_logprobs(rng, v > 5000 ? 5 : 37, v, pad, dt, pad ? 0.7f : 1.0f);

  const struct {
    int64_t n, v;
  } shapes[] = {{5, 1}, {64, 33}, {48, 1001}, {16, 4101}, {12, 50000}, {6, 151936}};
  const struct {
    int32_t variant;
    float beta;
  } losses[] = {{AR1_LOSS_CLIP, 0.0f}, {AR1_LOSS_CLIP, 0.04f}, {AR1_LOSS_PLAIN, 0.04f}};
  int k = 0;
  for (const auto& s : shapes)
    for (int64_t pad : {0, 3})
      for (int32_t dt : {AR1_F32, AR1_BF16})
        for (const auto& l : losses)
          for (int inplace = 0; inplace < 2; ++inplace)
            for (int cache = 0; cache < 2; ++cache, ++k) {
              if (g_quick && k % 3 != 0) continue;
              LossCase c{s.n, s.v, pad, dt, l.variant, l.beta, k % 3 == 1 ? 0.7f : 1.0f,
                         inplace == 1, cache == 1, !inplace && k % 4 == 0, k % 5 != 3, true};
              test_policy_loss(rng, c);
            }
  for (int32_t dt : {AR1_F32, AR1_BF16}) { /* forward only, and masked rows skipped unread */
    test_policy_loss(rng, LossCase{9, 4099, 0, dt, AR1_LOSS_CLIP, 0.04f, 1.0f, false, true, false, true, false});
    test_policy_loss(rng, LossCase{9, 151936, 0, dt, AR1_LOSS_CLIP, 0.0f, 1.0f, true, true, false, false, true});
  }
  test_bad_targets(rng);

  for (int64_t groups : {1, 37, 1000})
    for (int64_t G : {1, 2, 7, 16})
      for (int32_t mode : {AR1_ADV_STD, AR1_ADV_CENTER})
        for (int32_t unbiased : {0, 1}) test_group_advantages(rng, groups, G, mode, unbiased);

  for (int32_t dt : {AR1_F32, AR1_U8})
    for (int64_t count : {1, 5, 4099, 1000003})
      for (uint64_t offset : {0ull, 3ull, (1ull << 33) + 1})
        for (int32_t step : {-1, 0, 500, 2000}) {
          const bool inplace = (count + step) % 2 == 0;
          test_image_noise(rng, dt, count, 0.3f, step, offset, step == -1 ? (int)(offset & 1) : 1, inplace);
        }

  test_errors();

  printf("test_cuda_twins: %d checks, %d failures (seed %llu)\n", g_checks, g_failures,
         (unsigned long long)g_seed);
  return g_failures == 0 ? 0 : 1;
}

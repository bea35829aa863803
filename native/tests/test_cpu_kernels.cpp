// Tests the CPU twins of include/ar1/kernels.h against the long-double reference of
// reference_kernels.h on seeded random inputs (odd V, N = 0, V = 1, masked rows, outliers,
// +-1e4 and -inf logits, both signs of A, ratios on the clip boundaries, temperature, bf16),
// plus determinism, in place vs separate buffers, noise statistics and bad arguments; and the
// CPU-only bf16 matrix-vector product (cpu_test_gemv.h).
// One line per case; exit status 1 when any case fails. Set AR1_TEST_SEED to replay a seed.
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <random>
#include <string>
#include <vector>

#include "ar1/kernels.h"
#include "common/bf16.h"
#include "common/philox.h"
#include "reference_kernels.h"

#include "cpu_test_case.h"

using namespace ar1test;

namespace {

float bf16_round(float x) { return ar1_bf16_to_f32(ar1_f32_to_bf16(x)); }

// ---------------------------------------------------------------- logits generation
struct LogitsSpec {
  int64_t n, v, stride;
  int dtype;
  bool outliers = false;    // ~1% entries scaled by 20
  bool extremes = false;    // a few entries at +1e4 / -1e4
  bool neg_inf = false;     // a few entries at -inf (never the target)
};

// values [n * stride] as the kernel will see them (bf16-rounded when dtype is bf16); the gaps
// between rows hold a sentinel that must survive every call
constexpr float kGapSentinel = 12288.0f;  // exact in bf16 too

std::vector<float> make_logits(std::mt19937_64& rng, const LogitsSpec& s,
                               std::vector<int64_t>& targets) {
  std::normal_distribution<float> normal(0.0f, 2.0f);
  std::uniform_int_distribution<int64_t> col(0, s.v - 1);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  std::vector<float> x((size_t)(s.n * s.stride), kGapSentinel);
  targets.assign((size_t)s.n, 0);
  for (int64_t r = 0; r < s.n; ++r) {
    float* row = x.data() + r * s.stride;
    for (int64_t j = 0; j < s.v; ++j) {
      float val = normal(rng);
      if (s.outliers && unit(rng) < 0.01f) val *= 20.0f;
      row[j] = val;
    }
    targets[(size_t)r] = col(rng);
    if (s.extremes && s.v > 2) {
      row[col(rng)] = 1e4f;
      row[col(rng)] = -1e4f;
    }
    if (s.neg_inf && s.v > 1) {
      for (int k = 0; k < 3; ++k) {
        const int64_t j = col(rng);
        if (j != targets[(size_t)r]) row[j] = -INFINITY;
      }
    }
    if (s.dtype == AR1_BF16)
      for (int64_t j = 0; j < s.v; ++j) row[j] = bf16_round(row[j]);
    // every third row targets its argmax: logp near 0 exposes any absolute error of the LSE
    if (r % 3 == 1) {
      int64_t best = 0;
      for (int64_t j = 1; j < s.v; ++j)
        if (row[j] > row[best]) best = j;
      targets[(size_t)r] = best;
    }
  }
  return x;
}

// raw kernel buffer of the values (f32 bits or bf16 bits)
std::vector<uint8_t> to_buffer(const std::vector<float>& x, int dtype) {
  std::vector<uint8_t> b(x.size() * (dtype == AR1_F32 ? 4 : 2));
  for (size_t i = 0; i < x.size(); ++i) {
    if (dtype == AR1_F32)
      memcpy(b.data() + 4 * i, &x[i], 4);
    else {
      const uint16_t h = ar1_f32_to_bf16(x[i]);
      memcpy(b.data() + 2 * i, &h, 2);
    }
  }
  return b;
}

float from_buffer(const std::vector<uint8_t>& b, int dtype, int64_t i) {
  if (dtype == AR1_F32) {
    float f;
    memcpy(&f, b.data() + 4 * i, 4);
    return f;
  }
  uint16_t h;
  memcpy(&h, b.data() + 2 * i, 2);
  return ar1_bf16_to_f32(h);
}

// ---------------------------------------------------------------- token log-probs
void test_token_logprobs(const char* label, LogitsSpec s, float tau) {
  char name[160];
  snprintf(name, sizeof name, "token_logprobs %s n=%lld v=%lld %s tau=%.2f", label,
           (long long)s.n, (long long)s.v, s.dtype == AR1_F32 ? "f32" : "bf16", tau);
  Case c(name);
  std::mt19937_64 rng(g_seed ^ (uint64_t)(s.v * 131 + s.n));
  std::vector<int64_t> targets;
  const std::vector<float> x = make_logits(rng, s, targets);
  const std::vector<uint8_t> buf = to_buffer(x, s.dtype);
  std::vector<float> logp((size_t)s.n), lse((size_t)s.n), ent((size_t)s.n);
  const int32_t st = ar1_token_logprobs_cpu(buf.data(), s.dtype, s.n, s.v, s.stride,
                                            targets.data(), tau, logp.data(), lse.data(),
                                            ent.data(), nullptr);
  c.expect(st == AR1_OK, ar1_last_error());
  if (st != AR1_OK) return;
  for (int64_t r = 0; r < s.n; ++r) {
    const ar1ref::RowRef ref = ar1ref::row(x.data() + r * s.stride, s.v, targets[(size_t)r], tau);
    c.close(logp[(size_t)r], (double)ref.logp, kAtol, kRtol, "logp", r);
    c.close(lse[(size_t)r], (double)ref.lse, kAtol, kRtol, "lse", r);
    c.close(ent[(size_t)r], (double)ref.entropy, kAtol, kRtol, "entropy", r);
  }
  // the optional outputs are independent: logp alone gives the same bits
  std::vector<float> logp2((size_t)s.n);
  ar1_token_logprobs_cpu(buf.data(), s.dtype, s.n, s.v, s.stride, targets.data(), tau,
                         logp2.data(), nullptr, nullptr, nullptr);
  c.expect(memcmp(logp.data(), logp2.data(), logp.size() * 4) == 0,
           "logp differs with / without the entropy output");
}

// ---------------------------------------------------------------- policy loss
struct LossSpec {
  LogitsSpec logits;
  float tau = 1.0f;
  int variant = AR1_LOSS_CLIP;
  float eps_low = 0.2f, eps_high = 0.28f, beta = 0.0f;
  bool old = true, ref = false, mask = false, weights = false;
  bool boundary = false;  // ratios exactly on / within an ulp of the clip boundaries
};

struct LossRun {
  std::vector<uint8_t> grad;  // the gradient buffer (the logits buffer when in place)
  std::vector<float> logp, loss, kl, ratio;
  std::vector<uint8_t> clipped;
  int32_t status;
};

struct LossInputs {
  std::vector<float> x;
  std::vector<int64_t> targets;
  std::vector<float> old, ref, adv, mask, w;
};

LossInputs make_loss_inputs(const LossSpec& s) {
  LossInputs in;
  const int64_t n = s.logits.n;
  std::mt19937_64 rng(g_seed ^ (uint64_t)(s.logits.v * 7919 + n * 31 + s.variant));
  in.x = make_logits(rng, s.logits, in.targets);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::bernoulli_distribution coin(0.5);
  in.old.resize((size_t)n);
  in.ref.resize((size_t)n);
  in.adv.resize((size_t)n);
  in.mask.resize((size_t)n);
  in.w.resize((size_t)n);
  const float hi = logf(1.0f + s.eps_high), lo = logf(1.0f - s.eps_low);
  for (int64_t r = 0; r < n; ++r) {
    const ar1ref::RowRef rr =
        ar1ref::row(in.x.data() + r * s.logits.stride, s.logits.v, in.targets[(size_t)r], s.tau);
    const float logp = (float)rr.logp;
    float delta = 0.3f * u(rng);  // log ratio, both sides of 1
    if (s.boundary) {
      // r = 1 + eps_high and r = 1 - eps_low exactly in real arithmetic, and a hair either side
      const float cases[6] = {hi, lo, nextafterf(hi, 1.0f), nextafterf(hi, 0.0f),
                              nextafterf(lo, -1.0f), nextafterf(lo, 0.0f)};
      delta = cases[r % 6];
    }
    in.old[(size_t)r] = logp - delta;
    in.ref[(size_t)r] = logp + 0.1f * u(rng);
    in.adv[(size_t)r] = (r % 2 ? 1.0f : -1.0f) * (0.1f + fabsf(u(rng)));  // both signs
    in.mask[(size_t)r] = (r % 5 == 3) ? 0.0f : 1.0f;
    in.w[(size_t)r] = 0.5f + 0.5f * fabsf(u(rng));
  }
  return in;
}

LossRun run_loss(const LossSpec& s, const LossInputs& in, bool inplace, int threads) {
  const int64_t n = s.logits.n;
  LossRun out;
  std::vector<uint8_t> logits = to_buffer(in.x, s.logits.dtype);
  out.grad = inplace ? logits : std::vector<uint8_t>(logits.size(), 0xA5);
  out.logp.assign((size_t)n, NAN);
  out.loss.assign((size_t)n, NAN);
  out.kl.assign((size_t)n, NAN);
  out.ratio.assign((size_t)n, NAN);
  out.clipped.assign((size_t)n, 7);
  ar1_set_num_threads_cpu(threads);
  void* lg = inplace ? out.grad.data() : logits.data();
  out.status = ar1_policy_loss_cpu(
      lg, s.logits.dtype, n, s.logits.v, s.logits.stride, in.targets.data(),
      s.old ? in.old.data() : nullptr, s.ref ? in.ref.data() : nullptr, in.adv.data(),
      s.mask ? in.mask.data() : nullptr, s.weights ? in.w.data() : nullptr, s.variant, s.tau,
      s.eps_low, s.eps_high, s.beta, inplace ? lg : out.grad.data(), out.logp.data(),
      out.loss.data(), out.kl.data(), out.ratio.data(), out.clipped.data(), nullptr);
  return out;
}

void test_policy_loss(const char* label, const LossSpec& s) {
  const LogitsSpec& L = s.logits;
  char name[200];
  snprintf(name, sizeof name, "policy_loss %s n=%lld v=%lld %s %s tau=%.2f beta=%.2f", label,
           (long long)L.n, (long long)L.v, L.dtype == AR1_F32 ? "f32" : "bf16",
           s.variant == AR1_LOSS_CLIP ? "clip" : "plain", s.tau, s.beta);
  Case c(name);
  const LossInputs in = make_loss_inputs(s);
  const LossRun run = run_loss(s, in, /*inplace=*/true, 2);
  c.expect(run.status == AR1_OK, ar1_last_error());
  if (run.status != AR1_OK) return;
  const double grad_rtol = L.dtype == AR1_F32 ? kRtol : kBf16GradRtol;
  const float hi_f = 1.0f + s.eps_high, lo_f = 1.0f - s.eps_low;
  for (int64_t r = 0; r < L.n; ++r) {
    const size_t rs = (size_t)r;
    const ar1ref::RowRef rr = ar1ref::row(in.x.data() + r * L.stride, L.v, in.targets[rs], s.tau);
    c.close(run.logp[rs], (double)rr.logp, kAtol, kRtol, "logp", r);
    // exp(logp - o) turns the absolute fp32 error |logp| 2^-24 of any fp32 logp into a relative
    // ratio error: for |logp| > 50 (the +-1e4 rows) the reference continues from the kernel's logp
    const ar1ref::real logp = fabsl(rr.logp) > 50 ? (ar1ref::real)run.logp[rs] : rr.logp;
    // within rounding of a clip boundary either decision is right; the kernel's must agree with
    // its own ratio, and the reference then follows it
    const ar1ref::real r_ref = s.old ? expl(logp - (ar1ref::real)in.old[rs]) : 1.0L;
    const bool near = fabsl(r_ref - hi_f) < 1e-5L || fabsl(r_ref - lo_f) < 1e-5L;
    int override_flag = -1;
    if (near && s.variant == AR1_LOSS_CLIP) {
      const float rk = run.ratio[rs], A = in.adv[rs];
      const int own = ((A > 0 && rk > hi_f) || (A < 0 && rk < lo_f)) ? 1 : 0;
      c.expect(run.clipped[rs] == own, "clipped flag disagrees with the kernel's own ratio");
      override_flag = run.clipped[rs];
    }
    const ar1ref::LossRef lr = ar1ref::loss(
        logp, s.old ? &in.old[rs] : nullptr, s.ref ? &in.ref[rs] : nullptr, in.adv[rs],
        s.mask ? in.mask[rs] : 1.0f, s.weights ? in.w[rs] : 1.0f, s.variant, s.eps_low,
        s.eps_high, s.beta, override_flag);
    c.close(run.loss[rs], (double)lr.loss, kAtol, kRtol, "loss", r);
    c.close(run.kl[rs], (double)lr.kl, kAtol, kRtol, "kl", r);
    c.close(run.ratio[rs], (double)lr.ratio, kAtol, kRtol, "ratio", r);
    c.expect(run.clipped[rs] == lr.clipped, "clipped flag");
    const bool masked = s.mask && in.mask[rs] == 0.0f;
    for (int64_t j = 0; j < L.v; ++j) {
      const double g = from_buffer(run.grad, L.dtype, r * L.stride + j);
      if (masked) {
        c.close(g, 0.0, 0.0, 0.0, "masked grad", j);
        continue;
      }
      const ar1ref::real delta = j == in.targets[rs] ? 1 : 0;
      const ar1ref::real ref = lr.g / s.tau * (delta - rr.p[(size_t)j]);
      c.close(g, (double)ref, kAtol, grad_rtol, "grad", r * L.stride + j);
    }
    if (r + 1 < L.n)  // the gap after the row
      for (int64_t j = L.v; j < L.stride; ++j)
        c.expect(from_buffer(run.grad, L.dtype, r * L.stride + j) == kGapSentinel,
                 "row-stride gap was written");
  }
  // a separate gradient buffer gives the same bits as in place; 1 and 2 threads too
  const LossRun sep = run_loss(s, in, /*inplace=*/false, 1);
  bool same = sep.status == AR1_OK;
  for (int64_t r = 0; same && r < L.n; ++r)
    same = memcmp(sep.grad.data() + r * L.stride * (L.dtype == AR1_F32 ? 4 : 2),
                  run.grad.data() + r * L.stride * (L.dtype == AR1_F32 ? 4 : 2),
                  (size_t)L.v * (L.dtype == AR1_F32 ? 4 : 2)) == 0;
  same = same && memcmp(sep.logp.data(), run.logp.data(), run.logp.size() * 4) == 0 &&
         memcmp(sep.loss.data(), run.loss.data(), run.loss.size() * 4) == 0 &&
         memcmp(sep.ratio.data(), run.ratio.data(), run.ratio.size() * 4) == 0 &&
         sep.clipped == run.clipped;
  c.expect(same, "separate grad buffer / 1 thread differs from in place / 2 threads");
  ar1_set_num_threads_cpu(2);
}

// masked rows whose target logit is -inf: logp = -inf (the math) but a zero, NaN-free gradient
void test_masked_neg_inf_target() {
  Case c("policy_loss masked row with -inf target logit, V=1 row");
  const int64_t v = 9;
  std::vector<float> x(2 * v);
  for (int64_t j = 0; j < 2 * v; ++j) x[(size_t)j] = 0.1f * (float)j;
  x[3] = -INFINITY;
  const int64_t targets[2] = {3, 4};
  const float adv[2] = {1.0f, -1.0f}, mask[2] = {0.0f, 1.0f}, old[2] = {-1.0f, -2.0f};
  const float ref[2] = {-1.0f, -2.0f};
  float logp[2], loss[2], ratio[2], kl[2];
  uint8_t clipped[2];
  const int32_t st = ar1_policy_loss_cpu(x.data(), AR1_F32, 2, v, v, targets, old, ref, adv, mask,
                                         nullptr, AR1_LOSS_CLIP, 1.0f, 0.2f, 0.28f, 0.04f,
                                         x.data(), logp, loss, kl, ratio, clipped, nullptr);
  c.expect(st == AR1_OK, ar1_last_error());
  c.expect(isinf(logp[0]) && logp[0] < 0, "logp of a -inf target is -inf");
  for (int64_t j = 0; j < v; ++j) c.close(x[(size_t)j], 0.0, 0.0, 0.0, "masked grad", j);
  for (int64_t j = v; j < 2 * v; ++j) c.expect(isfinite(x[(size_t)j]), "finite grad");
  // V = 1: p = 1, logp = 0, zero gradient
  float one = 3.5f;
  const int64_t t0 = 0;
  const float a1 = 2.0f;
  float lp1 = NAN;
  const int32_t st1 = ar1_policy_loss_cpu(&one, AR1_F32, 1, 1, 1, &t0, nullptr, nullptr, &a1,
                                          nullptr, nullptr, AR1_LOSS_PLAIN, 0.7f, 0.2f, 0.2f,
                                          0.0f, &one, &lp1, nullptr, nullptr, nullptr, nullptr,
                                          nullptr);
  c.expect(st1 == AR1_OK, ar1_last_error());
  c.close(lp1, 0.0, 0.0, 0.0, "V=1 logp", 0);
  c.close(one, 0.0, 0.0, 0.0, "V=1 grad", 0);
}

// row offsets past 2^31 elements (int64 index arithmetic): two rows 2^31 + 3 elements apart in a
// sparse 8 GiB mapping (only the touched pages are backed), against the second row alone
void test_int64_offsets() {
  Case c("policy_loss / token_logprobs row_stride = 2^31 + 3 (int64 offsets)");
  const int64_t v = 1001, stride = ((int64_t)1 << 31) + 3, n = 2;
  const size_t bytes = (size_t)((n - 1) * stride + v) * sizeof(float);
  void* map = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (map == MAP_FAILED) {
    c.expect(true, "");
    printf("     (skipped: cannot map %zu bytes)\n", bytes);
    return;
  }
  float* x = static_cast<float*>(map);
  std::mt19937_64 rng(g_seed ^ 0x31ull);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  std::vector<float> row1((size_t)v);
  for (int64_t j = 0; j < v; ++j) {
    x[j] = normal(rng);
    row1[(size_t)j] = x[stride + j] = normal(rng);
  }
  const int64_t targets[2] = {5, 999};
  const float adv[2] = {0.5f, -1.5f}, old[2] = {-7.0f, -7.5f};
  float logp[2], loss[2], lse[2], logp1, loss1, lse1;
  c.expect(ar1_token_logprobs_cpu(x, AR1_F32, n, v, stride, targets, 0.7f, nullptr, lse, nullptr,
                                  nullptr) == AR1_OK, ar1_last_error());
  c.expect(ar1_policy_loss_cpu(x, AR1_F32, n, v, stride, targets, old, nullptr, adv, nullptr,
                               nullptr, AR1_LOSS_CLIP, 0.7f, 0.2f, 0.28f, 0.0f, x, logp, loss,
                               nullptr, nullptr, nullptr, nullptr) == AR1_OK, ar1_last_error());
  c.expect(ar1_token_logprobs_cpu(row1.data(), AR1_F32, 1, v, v, &targets[1], 0.7f, nullptr,
                                  &lse1, nullptr, nullptr) == AR1_OK, ar1_last_error());
  c.expect(ar1_policy_loss_cpu(row1.data(), AR1_F32, 1, v, v, &targets[1], &old[1], nullptr,
                               &adv[1], nullptr, nullptr, AR1_LOSS_CLIP, 0.7f, 0.2f, 0.28f, 0.0f,
                               row1.data(), &logp1, &loss1, nullptr, nullptr, nullptr,
                               nullptr) == AR1_OK, ar1_last_error());
  c.expect(lse[1] == lse1 && logp[1] == logp1 && loss[1] == loss1, "row 1 outputs differ");
  c.expect(memcmp(x + stride, row1.data(), (size_t)v * sizeof(float)) == 0,
           "row 1 gradient differs");
  munmap(map, bytes);
}

void test_empty() {
  Case c("n = 0 / num_groups = 0 / count = 0 with NULL buffers are no-ops");
  c.expect(ar1_token_logprobs_cpu(nullptr, AR1_F32, 0, 5, 5, nullptr, 1.0f, nullptr, nullptr,
                                  nullptr, nullptr) == AR1_OK, ar1_last_error());
  c.expect(ar1_policy_loss_cpu(nullptr, AR1_BF16, 0, 5, 8, nullptr, nullptr, nullptr, nullptr,
                               nullptr, nullptr, AR1_LOSS_CLIP, 1.0f, 0.2f, 0.2f, 0.1f, nullptr,
                               nullptr, nullptr, nullptr, nullptr, nullptr, nullptr) == AR1_OK,
           ar1_last_error());
  c.expect(ar1_group_advantages_cpu(nullptr, 0, 4, AR1_ADV_STD, 1, 1e-4f, nullptr, nullptr,
                                    nullptr, nullptr, nullptr) == AR1_OK, ar1_last_error());
  c.expect(ar1_image_noise_cpu(nullptr, nullptr, AR1_U8, 0, 0.1f, -1, 1, 0, 1, nullptr) == AR1_OK,
           ar1_last_error());
  c.expect(ar1_last_error()[0] == '\0', "last error is empty after a successful call");
}

}  // namespace

#include "cpu_test_bad_arguments.h"
#include "cpu_test_gemv.h"
#include "cpu_test_group_noise.h"

int main() {
  if (const char* s = getenv("AR1_TEST_SEED")) g_seed = strtoull(s, nullptr, 10);
  printf("test_cpu_kernels: seed %llu, abi %d, %d threads\n", (unsigned long long)g_seed,
         ar1_abi_version(), ar1_get_num_threads_cpu());
  ar1_set_num_threads_cpu(2);

  // token log-probs
  test_token_logprobs("plain", {3, 7, 7, AR1_F32}, 1.0f);
  test_token_logprobs("stride", {4, 1001, 1010, AR1_F32, true}, 0.7f);
  test_token_logprobs("extremes", {6, 1001, 1001, AR1_F32, true, true, true}, 0.7f);
  test_token_logprobs("v=1", {3, 1, 1, AR1_F32}, 1.0f);
  test_token_logprobs("vocab", {2, 151936, 151936, AR1_F32, true}, 1.0f);
  test_token_logprobs("bf16", {5, 1001, 1003, AR1_BF16, true, true, true}, 0.7f);
  test_token_logprobs("bf16 vocab", {2, 151936, 151936, AR1_BF16}, 1.0f);

  // policy loss
  LossSpec s;
  s.logits = {12, 7, 7, AR1_F32};
  test_policy_loss("basic", s);
  s.logits = {10, 1001, 1009, AR1_F32, true, true, true};
  s.tau = 0.7f;
  s.mask = s.weights = s.ref = true;
  s.beta = 0.04f;
  test_policy_loss("outliers+extremes+mask+kl", s);
  s.variant = AR1_LOSS_PLAIN;
  test_policy_loss("plain", s);
  s.variant = AR1_LOSS_CLIP;
  s.old = false;
  test_policy_loss("on-policy (old NULL)", s);
  s.old = true;
  s.beta = 0.0f;
  s.ref = false;
  s.boundary = true;
  s.logits = {24, 333, 333, AR1_F32, true};
  test_policy_loss("clip boundaries", s);
  s.tau = 1.0f;
  test_policy_loss("clip boundaries tau=1", s);
  s.boundary = false;
  s.logits = {2, 151936, 151936, AR1_F32, true, false, true};
  s.beta = 0.04f;
  s.ref = true;
  test_policy_loss("vocab", s);
  s.logits = {10, 1001, 1024, AR1_BF16, true, true, true};
  s.tau = 0.7f;
  test_policy_loss("bf16", s);
  s.logits = {2, 151936, 151936, AR1_BF16, true};
  test_policy_loss("bf16 vocab", s);
  s.logits = {5, 1, 3, AR1_F32};
  test_policy_loss("v=1", s);
  test_masked_neg_inf_target();
  test_int64_offsets();
  test_empty();

  test_group_advantages();
  test_image_noise();
  test_bad_arguments();
  test_gemv();

  printf("test_cpu_kernels: %d passed, %d failed (seed %llu)\n", g_passed, g_failed,
         (unsigned long long)g_seed);
  return g_failed ? 1 : 0;
}

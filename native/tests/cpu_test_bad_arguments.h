/* CPU twin tests of invalid calls: each returns AR1_ERR_INVALID_ARGUMENT with a message naming the
 * op and the argument, and writes nothing. Included by test_cpu_kernels.cpp. */
#ifndef AR1_TESTS_CPU_TEST_BAD_ARGUMENTS_H
#define AR1_TESTS_CPU_TEST_BAD_ARGUMENTS_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <string>
#include <vector>

#include "ar1/kernels.h"
#include "cpu_test_case.h"

namespace ar1test {

// status must be AR1_ERR_INVALID_ARGUMENT and the message must contain `op` and `word`
inline void expect_invalid(Case& c, int32_t status, const char* op, const char* word) {
  const std::string msg = ar1_last_error();
  const bool ok = status == AR1_ERR_INVALID_ARGUMENT && msg.find(op) != std::string::npos &&
                  msg.find(word) != std::string::npos;
  if (!ok) {
    char buf[300];
    snprintf(buf, sizeof buf, "expected invalid '%s' from %s, got status %d message '%s'", word,
             op, (int)status, msg.c_str());
    c.fail(buf);
  }
  ++c.checks;
}

inline void test_bad_arguments() {
  Case c("bad arguments: invalid status + message, nothing written");
  const int64_t n = 3, v = 5;
  std::vector<float> x((size_t)(n * v), 0.5f);
  const std::vector<float> x0 = x;
  int64_t t[n] = {0, 4, 2};
  float f[n] = {0, 0, 0}, out[n] = {-7, -7, -7};
  uint8_t u8[n] = {9, 9, 9};
  int dummy_stream = 0;
  const char* tl = "ar1_token_logprobs_cpu";
  const char* pl = "ar1_policy_loss_cpu";

  auto tok = [&](const void* lg, int32_t dt, int64_t nn, int64_t vv, int64_t rs, const int64_t* tg,
                 float tau, void* stream) {
    return ar1_token_logprobs_cpu(lg, dt, nn, vv, rs, tg, tau, out, nullptr, nullptr, stream);
  };
  expect_invalid(c, tok(x.data(), 2, n, v, v, t, 1, nullptr), tl, "dtype");
  expect_invalid(c, tok(x.data(), 9, n, v, v, t, 1, nullptr), tl, "dtype");
  expect_invalid(c, tok(x.data(), AR1_F32, -1, v, v, t, 1, nullptr), tl, "n = -1");
  expect_invalid(c, tok(x.data(), AR1_F32, n, 0, 0, t, 1, nullptr), tl, "v = 0");
  expect_invalid(c, tok(x.data(), AR1_F32, 0, 0, 0, t, 1, nullptr), tl, "v = 0");
  expect_invalid(c, tok(x.data(), AR1_F32, n, v, v - 1, t, 1, nullptr), tl, "row_stride");
  expect_invalid(c, tok(x.data(), AR1_F32, INT64_MAX / 2, v, INT64_MAX / 4, t, 1, nullptr), tl,
                 "overflow");
  expect_invalid(c, tok(x.data(), AR1_F32, n, v, v, t, 0.0f, nullptr), tl, "temperature");
  expect_invalid(c, tok(x.data(), AR1_F32, n, v, v, t, -1.0f, nullptr), tl, "temperature");
  expect_invalid(c, tok(x.data(), AR1_F32, n, v, v, t, NAN, nullptr), tl, "temperature");
  expect_invalid(c, tok(x.data(), AR1_F32, n, v, v, t, INFINITY, nullptr), tl, "temperature");
  expect_invalid(c, tok(nullptr, AR1_F32, n, v, v, t, 1, nullptr), tl, "logits");
  expect_invalid(c, tok(x.data(), AR1_F32, n, v, v, nullptr, 1, nullptr), tl, "targets");
  expect_invalid(c, tok(x.data(), AR1_F32, n, v, v, t, 1, &dummy_stream), tl, "stream");
  t[1] = v;
  expect_invalid(c, tok(x.data(), AR1_F32, n, v, v, t, 1, nullptr), tl, "targets[1] = 5");
  t[1] = -1;
  expect_invalid(c, tok(x.data(), AR1_F32, n, v, v, t, 1, nullptr), tl, "targets[1] = -1");
  c.expect(out[0] == -7 && out[1] == -7 && out[2] == -7, "outputs written by an invalid call");

  // the fused loss, in place: an invalid call must leave the logits untouched
  auto loss = [&](int32_t dt, const int64_t* tg, const float* ref, const float* adv, int32_t var,
                  float tau, float el, float eh, float beta, void* grad, void* stream) {
    return ar1_policy_loss_cpu(x.data(), dt, n, v, v, tg, nullptr, ref, adv, nullptr, nullptr, var,
                               tau, el, eh, beta, grad, out, out, out, out, u8, stream);
  };
  t[1] = 4;
  expect_invalid(c, loss(AR1_U8, t, f, f, 0, 1, 0.2f, 0.2f, 0, x.data(), nullptr), pl, "dtype");
  expect_invalid(c, loss(AR1_F32, t, f, f, 2, 1, 0.2f, 0.2f, 0, x.data(), nullptr), pl,
                 "variant");
  expect_invalid(c, loss(AR1_F32, t, f, f, 0, 1, -0.1f, 0.2f, 0, x.data(), nullptr), pl,
                 "eps_low");
  expect_invalid(c, loss(AR1_F32, t, f, f, 0, 1, 0.2f, NAN, 0, x.data(), nullptr), pl,
                 "eps_high");
  expect_invalid(c, loss(AR1_F32, t, f, f, 0, 1, 0.2f, 0.2f, -1, x.data(), nullptr), pl, "beta");
  expect_invalid(c, loss(AR1_F32, t, nullptr, f, 0, 1, 0.2f, 0.2f, 0.1f, x.data(), nullptr), pl,
                 "ref_logp");
  expect_invalid(c, loss(AR1_F32, t, f, nullptr, 0, 1, 0.2f, 0.2f, 0, x.data(), nullptr), pl,
                 "advantages");
  expect_invalid(c, loss(AR1_F32, t, f, f, 0, 0.0f, 0.2f, 0.2f, 0, x.data(), nullptr), pl,
                 "temperature");
  expect_invalid(c, loss(AR1_F32, t, f, f, 0, 1, 0.2f, 0.2f, 0, x.data() + 1, nullptr), pl,
                 "overlaps");
  expect_invalid(c, loss(AR1_F32, t, f, f, 0, 1, 0.2f, 0.2f, 0, x.data(), &dummy_stream), pl,
                 "stream");
  t[2] = 99;
  expect_invalid(c, loss(AR1_F32, t, f, f, 0, 1, 0.2f, 0.2f, 0, x.data(), nullptr), pl,
                 "targets[2] = 99");
  t[2] = 2;
  c.expect(x == x0, "logits written by an invalid call");
  c.expect(out[0] == -7 && u8[0] == 9, "outputs written by an invalid call");

  const char* ga = "ar1_group_advantages_cpu";
  float r[4] = {1, 2, 3, 4}, adv[4];
  expect_invalid(c, ar1_group_advantages_cpu(r, -1, 2, 0, 1, 1e-4f, adv, 0, 0, 0, 0), ga,
                 "num_groups");
  expect_invalid(c, ar1_group_advantages_cpu(r, 2, 0, 0, 1, 1e-4f, adv, 0, 0, 0, 0), ga,
                 "group_size");
  expect_invalid(c, ar1_group_advantages_cpu(r, 2, 2, 2, 1, 1e-4f, adv, 0, 0, 0, 0), ga, "mode");
  expect_invalid(c, ar1_group_advantages_cpu(r, 2, 2, 0, 3, 1e-4f, adv, 0, 0, 0, 0), ga,
                 "unbiased");
  expect_invalid(c, ar1_group_advantages_cpu(r, 2, 2, 0, 1, -1.0f, adv, 0, 0, 0, 0), ga, "eps");
  expect_invalid(c, ar1_group_advantages_cpu(nullptr, 2, 2, 0, 1, 1e-4f, adv, 0, 0, 0, 0), ga,
                 "rewards");
  expect_invalid(c, ar1_group_advantages_cpu(r, 2, 2, 0, 1, 1e-4f, nullptr, 0, 0, 0, 0), ga,
                 "advantages");
  expect_invalid(c, ar1_group_advantages_cpu(r, 2, 2, 0, 1, 1e-4f, adv, 0, 0, 0, &dummy_stream),
                 ga, "stream");
  r[3] = NAN;
  expect_invalid(c, ar1_group_advantages_cpu(r, 2, 2, 0, 1, 1e-4f, adv, 0, 0, 0, 0), ga,
                 "rewards[3]");
  r[3] = INFINITY;
  expect_invalid(c, ar1_group_advantages_cpu(r, 2, 2, 0, 1, 1e-4f, adv, 0, 0, 0, 0), ga,
                 "rewards[3]");

  const char* in = "ar1_image_noise_cpu";
  float img[8] = {0}, dst[8];
  expect_invalid(c, ar1_image_noise_cpu(img, dst, AR1_BF16, 8, 0.1f, -1, 1, 0, 1, 0), in,
                 "dtype");
  expect_invalid(c, ar1_image_noise_cpu(img, dst, AR1_F32, -1, 0.1f, -1, 1, 0, 1, 0), in,
                 "count");
  expect_invalid(c, ar1_image_noise_cpu(img, dst, AR1_F32, 8, -0.1f, -1, 1, 0, 1, 0), in,
                 "sigma");
  expect_invalid(c, ar1_image_noise_cpu(img, dst, AR1_F32, 8, NAN, -1, 1, 0, 1, 0), in, "sigma");
  expect_invalid(c, ar1_image_noise_cpu(nullptr, dst, AR1_F32, 8, 0.1f, -1, 1, 0, 1, 0), in,
                 "src");
  expect_invalid(c, ar1_image_noise_cpu(img, nullptr, AR1_F32, 8, 0.1f, -1, 1, 0, 1, 0), in,
                 "dst");
  expect_invalid(c, ar1_image_noise_cpu(img, img + 1, AR1_F32, 7, 0.1f, -1, 1, 0, 1, 0), in,
                 "overlaps");
  expect_invalid(c, ar1_image_noise_cpu(img, dst, AR1_F32, 8, 0.1f, -1, 1, UINT64_MAX - 3, 1, 0),
                 in, "overflows");
  expect_invalid(c, ar1_image_noise_cpu(img, dst, AR1_F32, 8, 0.1f, -1, 1, 0, 1, &dummy_stream),
                 in, "stream");
  // sigma is unused in step mode
  c.expect(ar1_image_noise_cpu(img, dst, AR1_F32, 8, -1.0f, 10, 1, 0, 1, 0) == AR1_OK,
           ar1_last_error());

  expect_invalid(c, ar1_set_num_threads_cpu(0), "ar1_set_num_threads_cpu", "n = 0");
  c.expect(ar1_set_num_threads_cpu(2) == AR1_OK && ar1_get_num_threads_cpu() == 2,
           "set/get threads");
  c.expect(ar1_last_error()[0] == '\0', "a successful call clears the last error");
}

}  // namespace ar1test

#endif /* AR1_TESTS_CPU_TEST_BAD_ARGUMENTS_H */

/* The per-token scalar math of the fused policy loss (include/ar1/kernels.h section 2): ratio,
 * clip flag, k3 KL, loss and the gradient scale g_t, given logp_t. Shared by both twins so that the
 * CPU and CUDA kernels differ only in how they reduce a logits row. */
#ifndef AR1_COMMON_POLICY_ROW_H
#define AR1_COMMON_POLICY_ROW_H

#include <math.h>
#include <stdint.h>

#include "hd.h"

typedef struct ar1_policy_row_in {
  float logp;      /* z_y - LSE(z), from the row reduction */
  float old_logp;  /* o_t; ignored when has_old == 0 */
  float ref_logp;  /* q_t; ignored when beta == 0 */
  float advantage; /* A_t */
  float mask;      /* m_t (1 when the mask pointer is NULL) */
  float weight;    /* w_t (1 when the weight pointer is NULL) */
  int32_t has_old;
} ar1_policy_row_in;

typedef struct ar1_policy_row_out {
  float loss;      /* loss_t (unweighted, unmasked) */
  float kl;        /* k3_t, 0 when beta == 0 */
  float ratio;     /* r_t */
  uint8_t clipped; /* 1 when the clip is active */
  float g;         /* w m dloss/dlogp; the row gradient is (g / tau)(delta_{j,y} - p_j) */
} ar1_policy_row_out;

/* variant: 0 = clip, 1 = plain (AR1_LOSS_CLIP / AR1_LOSS_PLAIN). */
AR1_HD inline ar1_policy_row_out ar1_policy_row(ar1_policy_row_in in, int32_t variant,
                                                float eps_low, float eps_high, float beta) {
  ar1_policy_row_out out;
  const float A = in.advantage;
  /* on-policy (no old log-probs): r = 1 exactly, also when logp = -inf */
  const float r = in.has_old ? expf(in.logp - in.old_logp) : 1.0f;
  float k3 = 0.0f, dkl = 0.0f;
  if (beta != 0.0f) {
    /* k3 = e^d - d - 1 with d = q - logp; expm1 keeps it accurate for small d */
    const float d = in.ref_logp - in.logp;
    const float em1 = expm1f(d);
    k3 = em1 - d;
    dkl = -em1; /* d k3 / d logp = 1 - e^d */
  }
  float loss, dlogp;
  uint8_t clipped = 0;
  if (variant == 0) {
    const float lo = 1.0f - eps_low, hi = 1.0f + eps_high;
    const float rc = r < lo ? lo : (r > hi ? hi : r);
    const float unclipped = r * A, clip_term = rc * A;
    loss = -(unclipped < clip_term ? unclipped : clip_term);
    clipped = (uint8_t)((A > 0.0f && r > hi) || (A < 0.0f && r < lo));
    /* d(-r A)/d logp = -A r; zero where the clipped term is the minimum */
    dlogp = clipped ? 0.0f : -A * r;
  } else {
    loss = -in.logp * A;
    dlogp = -A;
  }
  loss += beta * k3;
  dlogp += beta * dkl;
  const float scale = in.weight * in.mask;
  out.loss = loss;
  out.kl = k3;
  out.ratio = r;
  out.clipped = clipped;
  /* masked rows get g = 0 even when dlogp is not finite (e.g. logp = -inf) */
  out.g = scale == 0.0f ? 0.0f : scale * dlogp;
  return out;
}

#endif /* AR1_COMMON_POLICY_ROW_H */

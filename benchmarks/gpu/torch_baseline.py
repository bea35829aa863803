#!/usr/bin/env python3
"""PyTorch baselines for benchmarks/gpu/run.sh: the fused policy loss fwd+bwd and the token
log-probs written as TRL does (log_softmax -> gather -> exp -> clamp -> min -> sum, autograd
backward), eager and torch.compile, timed like kernel_bench.cu (CUDA events, warm-up, median,
L2 flushed), printed as rows of the shared table (README.md). With --lib it first checks
ar1_policy_loss_cuda / ar1_token_logprobs_cuda against PyTorch autograd on small shapes.

Usage: torch_baseline.py [--quick] [--reps R] [--bw-gbps X] [--lib path/to/libar1_kernels_cuda.so]
"""
import argparse
import ctypes
import statistics
import sys

import torch

V = 151936  # Qwen2.5 vocabulary
EPS_LOW, EPS_HIGH = 0.2, 0.28


def row(impl, kernel, dtype, n, v, ms, nbytes, bw_gbps):
    """One row of the shared table; same columns as kernel_bench.cu's print_row."""
    gbps = nbytes / (ms * 1e-3) / 1e9
    floor_ms = nbytes / (bw_gbps * 1e9) * 1e3
    print(f"| {impl:<22} | {kernel:<20} | {dtype:<5} | {n:>6} | {v:>7} | {ms:>9.3f} | "
          f"{nbytes / 1e9:>7.3f} | {gbps:>7.0f} | {ms / floor_ms:>6.2f} |", flush=True)


def time_ms(prep, run, reps, flush_buf):
    """Median ms over reps; prep() and an L2 flush before each timed run(); 2 warm-ups."""
    for _ in range(2):
        prep()
        run()
    torch.cuda.synchronize()
    times = []
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    for _ in range(reps):
        prep()
        flush_buf.zero_()
        start.record()
        run()
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
    return statistics.median(times)


def token_logprobs(logits, y, tau):
    """selective log-softmax; the logits are upcast to fp32 first (as verl does)."""
    return torch.log_softmax(logits.float() / tau, dim=-1).gather(-1, y[:, None]).squeeze(-1)


def loss_from_logp(logp, old, ref, adv, mask, w, beta):
    """sum_t w m loss_t of kernels.h section 2, variant clip, given logp [n]."""
    ratio = torch.exp(logp - old)
    clipped = torch.clamp(ratio, 1 - EPS_LOW, 1 + EPS_HIGH)
    per_tok = -torch.min(ratio * adv, clipped * adv)
    if beta != 0.0:
        d = ref - logp
        per_tok = per_tok + beta * (torch.exp(d) - d - 1)
    return (per_tok * mask * w).sum()


def policy_loss(logits, y, old, ref, adv, mask, w, tau, beta):
    """The TRL recipe: log_softmax -> gather -> exp -> clamp -> min -> sum (then .backward())."""
    return loss_from_logp(token_logprobs(logits, y, tau), old, ref, adv, mask, w, beta)


class Ar1Cuda:
    """ctypes view of the two CUDA entries (kernels.h), called on torch device tensors."""

    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        p, i32, i64, f32 = ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64, ctypes.c_float
        self.lib.ar1_cuda_last_error.restype = ctypes.c_char_p
        self.lib.ar1_policy_loss_cuda.restype = i32
        self.lib.ar1_policy_loss_cuda.argtypes = [p, i32, i64, i64, i64, p, p, p, p, p, p, i32, f32,
                                                  f32, f32, f32, p, p, p, p, p, p, p]
        self.lib.ar1_token_logprobs_cuda.restype = i32
        self.lib.ar1_token_logprobs_cuda.argtypes = [p, i32, i64, i64, i64, p, f32, p, p, p, p]

    def _check(self, status, op):
        if status != 0:
            raise RuntimeError(f"{op}: status {status}: {self.lib.ar1_cuda_last_error().decode()}")

    @staticmethod
    def _ptr(t):
        return None if t is None else t.data_ptr()

    @staticmethod
    def _dtype(t):
        return {torch.float32: 0, torch.bfloat16: 1}[t.dtype]

    def policy_loss(self, logits, y, old, ref, adv, mask, w, tau, beta, grad):
        n, v = logits.shape
        logp = torch.empty(n, device=logits.device)
        stream = torch.cuda.current_stream().cuda_stream
        self._check(self.lib.ar1_policy_loss_cuda(
            self._ptr(logits), self._dtype(logits), n, v, logits.stride(0), self._ptr(y),
            self._ptr(old), self._ptr(ref if beta != 0 else None), self._ptr(adv), self._ptr(mask),
            self._ptr(w), 0, tau, EPS_LOW, EPS_HIGH, beta, self._ptr(grad), self._ptr(logp),
            None, None, None, None, stream), "ar1_policy_loss_cuda")
        return logp

    def token_logprobs(self, logits, y, tau):
        n, v = logits.shape
        logp = torch.empty(n, device=logits.device)
        self._check(self.lib.ar1_token_logprobs_cuda(
            self._ptr(logits), self._dtype(logits), n, v, logits.stride(0), self._ptr(y), tau,
            self._ptr(logp), None, None, torch.cuda.current_stream().cuda_stream),
            "ar1_token_logprobs_cuda")
        return logp


def make_inputs(n, v, dtype, seed, tau=1.0):
    g = torch.Generator(device="cuda").manual_seed(seed)
    logits = (torch.randn(n, v, device="cuda", generator=g) * 2.0).to(dtype)
    y = torch.randint(0, v, (n,), device="cuda", generator=g)
    with torch.no_grad():
        lp = token_logprobs(logits, y, tau)
    # ratios well away from the clip boundaries 0.8 and 1.28
    ratios = torch.tensor([0.5, 0.7, 0.9, 1.0, 1.1, 1.2, 1.5, 2.0], device="cuda")
    old = lp - torch.log(ratios[torch.arange(n, device="cuda") % 8])
    ref = lp + 0.3 * torch.randn(n, device="cuda", generator=g)
    adv = torch.randn(n, device="cuda", generator=g)
    mask = (torch.arange(n, device="cuda") % 5 != 2).float()
    w = torch.full((n,), 1.0 / n, device="cuda")
    return logits, y, old, ref, adv, mask, w


def validate(lib, seed):
    """Our gradient against PyTorch autograd on the same (rounded) inputs; returns failures."""
    failures = 0
    for dtype, rtol in ((torch.float32, 1e-4), (torch.bfloat16, 8e-3)):
        for n, v, tau, beta in ((64, 1001, 1.0, 0.0), (16, V, 0.7, 0.04)):
            logits, y, old, ref, adv, mask, w = make_inputs(n, v, dtype, seed, tau)
            x = logits.float().clone().requires_grad_(True)  # fp32 reference on the same values
            lp_ref = token_logprobs(x, y, tau)
            lp_ref.retain_grad()
            loss_from_logp(lp_ref, old, ref, adv, mask, w, beta).backward()
            grad_ref = x.grad
            # the row scale |g_t / tau| (g_t = d loss / d logp_t) sets the gradient atol
            scale = (lp_ref.grad.abs() / tau)[:, None]
            lp_ref = lp_ref.detach()
            ours = logits.clone()
            logp = lib.policy_loss(ours, y, old, ref, adv, mask, w, tau, beta, ours)  # in place
            torch.cuda.synchronize()
            lp2 = lib.token_logprobs(logits, y, tau)
            torch.cuda.synchronize()
            # |x - ref| <= atol + rtol |ref|, atol = 1e-6 |g_t / tau| as in test_cuda_twins.cu
            err = (ours.float() - grad_ref).abs()
            bad = (err > 1e-6 * scale + rtol * grad_ref.abs()).sum().item()
            lp_bad = ((logp - lp_ref).abs() > 1e-5 + 1e-5 * lp_ref.abs()).sum().item()
            lp2_bad = ((lp2 - lp_ref).abs() > 1e-5 + 1e-5 * lp_ref.abs()).sum().item()
            ok = bad == 0 and lp_bad == 0 and lp2_bad == 0
            failures += 0 if ok else 1
            print(f"validate {str(dtype):15} n={n} v={v} tau={tau} beta={beta}: "
                  f"grad max|err| {err.max().item():.3g} ({bad} off), logp {lp_bad} off, "
                  f"token_logprobs {lp2_bad} off: {'ok' if ok else 'FAIL'}", file=sys.stderr)
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--bw-gbps", type=float, default=0.0,
                    help="device-copy bandwidth for the xfloor column (default: measure)")
    ap.add_argument("--lib", default=None, help="libar1_kernels_cuda.so to validate")
    ap.add_argument("--no-compile", action="store_true")
    args = ap.parse_args()
    if not torch.cuda.is_available():
        print("torch_baseline: torch sees no CUDA device", file=sys.stderr)
        return 77
    reps = min(args.reps, 7) if args.quick else args.reps
    torch.manual_seed(1234)
    failures = validate(Ar1Cuda(args.lib), 20261122) if args.lib else 0

    l2 = torch.cuda.get_device_properties(0).L2_cache_size
    flush_buf = torch.empty(2 * max(l2, 1 << 20), dtype=torch.uint8, device="cuda")
    bw = args.bw_gbps
    if bw <= 0:
        src = torch.ones(1 << 30, dtype=torch.uint8, device="cuda")
        dst = torch.empty_like(src)
        ms = time_ms(lambda: None, lambda: dst.copy_(src), reps, flush_buf)
        bw = 2 * src.numel() / (ms * 1e-3) / 1e9
        row("torch copy_", "copy (1R+1W)", "u8", 1, src.numel(), ms, 2 * src.numel(), bw)
        del src, dst

    compiled_loss = torch.compile(policy_loss, dynamic=False)
    compiled_lp = torch.compile(token_logprobs, dynamic=False)
    impls = [("torch eager", policy_loss, token_logprobs)]
    if not args.no_compile:
        impls.append(("torch.compile", compiled_loss, compiled_lp))
    for dtype, dn in ((torch.bfloat16, "bf16"), (torch.float32, "f32")):
        for n in ([2048] if args.quick else [2048, 8192]):
            logits, y, old, ref, adv, mask, w = make_inputs(n, V, dtype, 1)
            nbytes = logits.numel() * logits.element_size()
            for name, loss_fn, lp_fn in impls:
                def fwd():
                    with torch.no_grad():
                        lp_fn(logits, y, 1.0)
                ms = time_ms(lambda: None, fwd, reps, flush_buf)
                row(name, "token_logprobs fwd", dn, n, V, ms, nbytes, bw)

                x = logits.clone().requires_grad_(True)

                def prep():
                    x.grad = None

                def fwd_bwd():
                    loss_fn(x, y, old, ref, adv, mask, w, 1.0, 0.0).backward()
                ms = time_ms(prep, fwd_bwd, reps, flush_buf)
                row(name, "policy_loss fwd+bwd", dn, n, V, ms, 2 * nbytes, bw)
                del x
                torch.cuda.empty_cache()
            del logits
            torch.cuda.empty_cache()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Occupancy sweep of the fused policy loss (ar1_policy_loss_cuda): rebuilds the CUDA library with
# other launch bounds (resident CTAs per SM the register budget is sized for, see
# native/src/cuda/policy_loss.cu) and runs kernel_bench against each build, so the two paths
# (row cache, streaming) can be compared at 1-4 CTAs per SM on the same card in one call.
# Usage: bash benchmarks/gpu/sweep_occupancy.sh ["STREAM CACHE [SLICE_KB [STREAM_THREADS]]" ...]
# (env: BUILD_ROOT, OUT_DIR). SLICE_KB caps the row-cache slice per CTA (default 96: 4 CTAs per bf16
# row, 8 per fp32 row); STREAM_THREADS is the streaming block size (default 512, at most 1024).
set -u -o pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_ROOT="${BUILD_ROOT:-$ROOT/native/build/sweep}"
OUTD="${OUT_DIR:-${OUT:-$BUILD_ROOT}}"
mkdir -p "$BUILD_ROOT" "$OUTD"
variants=("$@")
[[ ${#variants[@]} -eq 0 ]] && variants=("1 2" "2 2" "2 3" "3 2")   # measured 2026-12-01 (README.md)
status=0
for v in "${variants[@]}"; do
  read -r stream cache slice threads <<< "$v"
  slice="${slice:-96}"
  threads="${threads:-512}"
  tag="s${stream}c${cache}k${slice}t${threads}"
  b="$BUILD_ROOT/$tag"
  flags="-DAR1_STREAM_MIN_BLOCKS=$stream -DAR1_CACHE_MIN_BLOCKS=$cache -DAR1_ROW_CACHE_SLICE_KB=$slice -DAR1_STREAM_THREADS=$threads"
  echo "==== streaming min blocks $stream, row cache min blocks $cache, slice $slice KiB, $threads streaming threads"
  if ! { cmake -S "$ROOT/native" -B "$b" -DAR1_CUDA=ON -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
           "-DCMAKE_CUDA_FLAGS=$flags" && cmake --build "$b" -j"$(nproc)" --target ar1_kernels_cuda; } \
         > "$OUTD/sweep_build_$tag.log" 2>&1; then
    tail -20 "$OUTD/sweep_build_$tag.log"; status=1; continue
  fi
  nvcc -O3 -std=c++17 -gencode arch=compute_90,code=sm_90 -I"$ROOT/native/include" \
    "$ROOT/benchmarks/gpu/kernel_bench.cu" -o "$b/kernel_bench" -L"$b" -lar1_kernels_cuda \
    -Xlinker -rpath="$b" || { status=1; continue; }
  "$b/kernel_bench" 2> /dev/null | grep 'policy_loss' | sed "s/^/$tag /" | tee -a "$OUTD/sweep_rows.txt"
  [[ ${PIPESTATUS[0]} -ne 0 ]] && status=1
done
exit $status

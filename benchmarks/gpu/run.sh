#!/usr/bin/env bash
# GPU harness (issue 2, item 6): builds native/ with CMake (AR1_CUDA=ON), runs the CPU twin ctest on
# this machine's CPU and the CUDA-vs-CPU twin test, then kernel_bench.cu and torch_baseline.py, then
# compute-sanitizer (memcheck, racecheck, synccheck; last, the slowest), and prints one combined table.
# Each step has a time limit (env TWIN_TIMEOUT, TORCH_TIMEOUT, SAN_TIMEOUT seconds).
# Usage: bash benchmarks/gpu/run.sh [--quick]     (env: BUILD_DIR, OUT_DIR, AR1_TEST_SEED)
set -u -o pipefail
QUICK=""
[[ "${1:-}" == "--quick" ]] && QUICK="--quick"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/native/build/gpu}"
OUTD="${OUT_DIR:-${OUT:-$BUILD}}"
mkdir -p "$BUILD" "$OUTD"
ROWS="$OUTD/gpu_table_rows.txt"
: > "$ROWS"
status=0
T_START=$(date +%s)
step() { echo; echo "==== [$(( $(date +%s) - T_START )) s] $*"; }

step "device"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "(no nvidia-smi)"
nvcc --version | tail -1

step "build native/ (AR1_CUDA=ON) in $BUILD"
t0=$(date +%s)
cmake -S "$ROOT/native" -B "$BUILD" -DAR1_CUDA=ON -DCMAKE_BUILD_TYPE=Release > "$OUTD/cmake_configure.log" 2>&1 \
  && cmake --build "$BUILD" -j"$(nproc)" > "$OUTD/cmake_build.log" 2>&1
rc=$?
echo "build: rc=$rc in $(( $(date +%s) - t0 )) s (logs: $OUTD/cmake_*.log)"
if [[ $rc -ne 0 ]]; then tail -40 "$OUTD/cmake_build.log" "$OUTD/cmake_configure.log"; exit 1; fi
LIB="$BUILD/libar1_kernels_cuda.so"
nm -D --defined-only "$LIB" | grep ' ar1_' || status=1
TWINS="$BUILD/tests/test_cuda_twins"

step "CPU twins (ctest) on this machine's CPU"
grep -o -w -E 'avx512f|avx512bw|avx2' /proc/cpuinfo | sort | uniq -c | sed 's/^/cpu flag: /'
timeout 300 ctest --test-dir "$BUILD" -E cuda_twins --output-on-failure > "$OUTD/ctest_cpu.log" 2>&1
rc=$?
grep -E 'tests passed|Failed|\*\*\*' "$OUTD/ctest_cpu.log" | tail -8
echo "ctest (CPU): rc=$rc"
[[ $rc -ne 0 ]] && status=1

step "(a) twin test: CUDA kernels vs CPU twins"
timeout "${TWIN_TIMEOUT:-240}" "$TWINS" 2>&1 | tee "$OUTD/twins.log" | tail -25
rc=${PIPESTATUS[0]}
echo "twin test: rc=$rc (0 pass, 1 fail, 77 no device)"
[[ $rc -ne 0 ]] && status=1

step "(b) kernel_bench (nvcc, sm_90)"
t0=$(date +%s)
nvcc -O3 -std=c++17 -gencode arch=compute_90,code=sm_90 -I"$ROOT/native/include" \
  "$ROOT/benchmarks/gpu/kernel_bench.cu" -o "$BUILD/kernel_bench" -L"$BUILD" -lar1_kernels_cuda \
  -Xlinker -rpath="$BUILD" > "$OUTD/kernel_bench_build.log" 2>&1 || { cat "$OUTD/kernel_bench_build.log"; exit 1; }
echo "kernel_bench built in $(( $(date +%s) - t0 )) s"
"$BUILD/kernel_bench" $QUICK 2> "$OUTD/kernel_bench.err" | tee "$OUTD/kernel_bench.out"
rc=${PIPESTATUS[0]}
cat "$OUTD/kernel_bench.err"
[[ $rc -ne 0 ]] && status=1
grep '^| ' "$OUTD/kernel_bench.out" >> "$ROWS"
BW=$(awk '/^COPY_GBPS/ {print $2}' "$OUTD/kernel_bench.out")

step "(c) PyTorch eager / torch.compile baseline"
if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2> /dev/null; then
  timeout "${TORCH_TIMEOUT:-420}" python3 "$ROOT/benchmarks/gpu/torch_baseline.py" $QUICK --bw-gbps "${BW:-0}" --lib "$LIB" \
    2> "$OUTD/torch_baseline.err" | tee "$OUTD/torch_baseline.out"
  rc=${PIPESTATUS[0]}
  grep -E '^validate|Error|error' "$OUTD/torch_baseline.err" | tail -20
  [[ $rc -ne 0 ]] && { status=1; tail -20 "$OUTD/torch_baseline.err"; }
  grep '^| ' "$OUTD/torch_baseline.out" >> "$ROWS"
else
  echo "python3 cannot import torch with CUDA: baseline skipped"
fi

step "(d) compute-sanitizer (last: the slowest)"
SAN="$(command -v compute-sanitizer || true)"
for c in /usr/local/cuda/bin/compute-sanitizer /usr/local/cuda/compute-sanitizer/compute-sanitizer; do
  [[ -z "$SAN" && -x "$c" ]] && SAN="$c"
done
if [[ -n "$SAN" ]]; then
  for tool in memcheck racecheck synccheck; do
    # racecheck: shared-memory hazards (row cache); synccheck: barrier use (cluster.sync); slow,
    # so all run a reduced twin test (AR1_TWIN_QUICK); API errors are not counted: the test
    # makes failing calls on purpose and checks every status itself
    AR1_TWIN_QUICK=1 timeout "${SAN_TIMEOUT:-180}" "$SAN" --tool "$tool" --report-api-errors no --error-exitcode 3 "$TWINS" > "$OUTD/sanitizer_$tool.log" 2>&1
    rc=$?
    echo "compute-sanitizer $tool: rc=$rc (124 = over ${SAN_TIMEOUT:-180} s) ($(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' "$OUTD/sanitizer_$tool.log" | tail -1))"
    [[ $rc -ne 0 ]] && { status=1; tail -30 "$OUTD/sanitizer_$tool.log"; }
  done
else
  echo "compute-sanitizer not found: skipped"
fi

step "combined table (copy bandwidth floor ${BW:-?} GB/s; xfloor = ms / (GB / floor))"
printf '| %-22s | %-20s | %-5s | %6s | %7s | %9s | %7s | %7s | %6s |\n' impl kernel dtype N V ms GB GB/s xfloor
echo "|------------------------|----------------------|-------|--------|---------|-----------|---------|---------|--------|"
sort -t'|' -k3,3 -k4,4 -k5,5n -s "$ROWS"
echo
echo "run.sh: overall status $status (0 = every step passed)"
exit $status

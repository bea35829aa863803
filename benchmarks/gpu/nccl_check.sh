#!/usr/bin/env bash
# NCCL check for GPU servers (issue 10): builds the project with the GPU build of the PyTorch presets
# (-Pcuda) and runs org.anatomyr1.dist.NcclWorldOneCheck: a world-size-1 ProcessGroupNCCL allreduces
# a CUDA tensor through C10dCollective (values must come back exact), then a 16 MiB allreduce is timed.
# Needs one NVIDIA GPU, a driver and network access to Maven Central for the -Pcuda artifacts (GBs).
# Usage: bash benchmarks/gpu/nccl_check.sh      exit 0: the NCCL path works on this machine
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export AR1_MAVEN_ARGS="${AR1_MAVEN_ARGS:-} -Pcuda"
"$ROOT/anatomy-r1" kernels info   # builds with -Pcuda on first use, then shows whether CUDA loaded
exec "$ROOT/anatomy-r1" nccl-check

// The CPU library's housekeeping entry points of include/ar1/kernels.h: ABI version, the
// thread-local last error and the OpenMP thread count used by every _cpu op.
#include <omp.h>

#include <atomic>

#include "ar1/kernels.h"
#include "cpu/status.h"

namespace {
thread_local ar1_message g_message = {{0}};
// 0 = not set: use omp_get_max_threads() (OMP_NUM_THREADS or the core count)
std::atomic<int> g_threads{0};
}  // namespace

ar1_message* ar1_cpu_message() { return &g_message; }

int ar1_cpu_threads() {
  const int n = g_threads.load(std::memory_order_relaxed);
  return n > 0 ? n : omp_get_max_threads();
}

extern "C" {

AR1_API int32_t ar1_abi_version(void) { return AR1_ABI_VERSION; }

AR1_API const char* ar1_last_error(void) { return g_message.text; }

AR1_API int32_t ar1_set_num_threads_cpu(int32_t n) {
  ar1_message* m = ar1_cpu_begin();
  if (n < 1)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "ar1_set_num_threads_cpu: n = %d, must be >= 1",
                    (int)n);
  g_threads.store(n, std::memory_order_relaxed);
  return AR1_OK;
}

AR1_API int32_t ar1_get_num_threads_cpu(void) { return ar1_cpu_threads(); }

}  // extern "C"

/* Library-level entries of libar1_kernels_cuda (include/ar1/kernels.h "library"): ABI version,
 * the thread-local error message, and a device count that never fails for lack of a GPU. */
#include <cuda_runtime.h>

#include "ar1/kernels.h"
#include "cuda/cuda_support.cuh"

namespace ar1cuda {
ar1_message* message() {
  static thread_local ar1_message m = {{0}};
  return &m;
}
}  // namespace ar1cuda

extern "C" AR1_API int32_t ar1_cuda_abi_version(void) { return AR1_ABI_VERSION; }

extern "C" AR1_API const char* ar1_cuda_last_error(void) { return ar1cuda::message()->text; }

/* No driver, no device or a driver too old for this runtime is a normal answer (count 0), not an
 * error: the message then says why, so a backend selection can explain that CUDA is unavailable. */
extern "C" AR1_API int32_t ar1_cuda_device_count(int32_t* count) {
  ar1cuda::begin();
  if (count == nullptr)
    return ar1_fail(ar1cuda::message(), AR1_ERR_INVALID_ARGUMENT, "ar1_cuda_device_count: count is NULL");
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    cudaGetLastError();
    *count = 0;
    ar1_fail(ar1cuda::message(), AR1_OK, "no usable CUDA device: %s (%s)", cudaGetErrorString(e),
             cudaGetErrorName(e));
    return AR1_OK;
  }
  *count = n;
  if (n == 0) ar1_fail(ar1cuda::message(), AR1_OK, "no CUDA device found");
  return AR1_OK;
}

/* Host-side helpers of the CUDA library (libar1_kernels_cuda): the thread-local error message
 * behind ar1_cuda_last_error(), argument checks shared by the four entries, launch checks. */
#ifndef AR1_CUDA_SUPPORT_CUH
#define AR1_CUDA_SUPPORT_CUH

#include <cuda_runtime.h>
#include <math.h>
#include <stdint.h>

#include "ar1/kernels.h"
#include "common/status.h"
#include "common/validate.h"

namespace ar1cuda {

/* the calling thread's message buffer (defined in library.cu) */
ar1_message* message();

/* every entry starts with this: the message says "" until something fails */
inline void begin() { ar1_message_clear(message()); }

/* return AR1_ERR_CUDA naming the op when the last launch failed (cudaGetLastError) */
inline int32_t check_launch(const char* op) {
  const cudaError_t e = cudaGetLastError();
  if (e == cudaSuccess) return AR1_OK;
  return ar1_fail(message(), AR1_ERR_CUDA, "%s: kernel launch failed: %s (%s)", op,
                  cudaGetErrorString(e), cudaGetErrorName(e));
}

inline int32_t cuda_error(const char* op, const char* what, cudaError_t e) {
  return ar1_fail(message(), AR1_ERR_CUDA, "%s: %s failed: %s (%s)", op, what,
                  cudaGetErrorString(e), cudaGetErrorName(e));
}

/* A device kernel dereferencing host memory kills the whole CUDA context (and the JVM's later
 * calls with it), so every pointer is checked to be device-accessible before a launch.
 * Unregistered host memory is the common mistake (a heap buffer passed to a _cuda op). */
inline int32_t check_device_pointer(const char* op, const char* name, const void* p) {
  if (p == nullptr) return AR1_OK;
  cudaPointerAttributes attr;
  const cudaError_t e = cudaPointerGetAttributes(&attr, p);
  if (e != cudaSuccess) {
    cudaGetLastError(); /* not sticky; keep it out of the next launch check */
    return ar1_fail(message(), AR1_ERR_INVALID_ARGUMENT,
                    "%s: %s = %p is not a CUDA pointer: %s", op, name, p, cudaGetErrorString(e));
  }
  if (attr.type == cudaMemoryTypeUnregistered ||
      (attr.type == cudaMemoryTypeHost && attr.devicePointer == nullptr)) {
    return ar1_fail(message(), AR1_ERR_INVALID_ARGUMENT,
                    "%s: %s = %p is host memory; the _cuda ops take device memory", op, name, p);
  }
  if (attr.type == cudaMemoryTypeDevice) {
    int current = 0;
    if (cudaGetDevice(&current) == cudaSuccess && attr.device != current) {
      return ar1_fail(message(), AR1_ERR_INVALID_ARGUMENT,
                      "%s: %s = %p lives on device %d but the current device is %d", op, name,
                      p, attr.device, current);
    }
  }
  return AR1_OK;
}

inline int32_t require(bool ok, const char* op, const char* what) {
  return ok ? AR1_OK
            : ar1_fail(message(), AR1_ERR_INVALID_ARGUMENT, "%s: invalid argument: %s", op, what);
}

inline size_t logits_element_size(int32_t dtype) { return dtype == AR1_BF16 ? 2 : 4; }

/* The CUDA kernels index within a row with 32-bit offsets (checked after ar1_validate_logits). */
inline int32_t check_v32(const char* op, int64_t v) {
  if (v > INT32_MAX - 64)
    return ar1_fail(message(), AR1_ERR_UNSUPPORTED,
                    "%s: v = %lld is beyond the CUDA kernels' 32-bit row indexing", op,
                    (long long)v);
  return AR1_OK;
}

/* logits must be aligned to their element size (the kernels use 16-byte vector loads where the
 * address allows and scalar loads elsewhere, so no larger alignment is required) */
inline int32_t check_logits_pointer(const char* op, const char* name, const void* p,
                                    int32_t dtype) {
  if (p == nullptr)
    return ar1_fail(message(), AR1_ERR_INVALID_ARGUMENT, "%s: %s is NULL", op, name);
  if (reinterpret_cast<uintptr_t>(p) % logits_element_size(dtype) != 0)
    return ar1_fail(message(), AR1_ERR_INVALID_ARGUMENT,
                    "%s: %s = %p is not aligned to its %zu-byte element", op, name, p,
                    logits_element_size(dtype));
  return check_device_pointer(op, name, p);
}

}  // namespace ar1cuda

#endif /* AR1_CUDA_SUPPORT_CUH */

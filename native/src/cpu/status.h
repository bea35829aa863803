/* The CPU library's internal error API: the thread-local message behind ar1_last_error(), the
 * OpenMP thread count of the _cpu ops, and the try/catch guard around every entry point. */
#ifndef AR1_CPU_STATUS_H
#define AR1_CPU_STATUS_H

#include <exception>

#include "common/status.h"

/* this thread's message buffer (ar1_last_error() returns its text) */
ar1_message* ar1_cpu_message();

/* clears the message; every entry point calls it first, so "" means the last call succeeded */
inline ar1_message* ar1_cpu_begin() {
  ar1_message* m = ar1_cpu_message();
  ar1_message_clear(m);
  return m;
}

/* threads for the parallel loops of the _cpu ops (ar1_set_num_threads_cpu; default: OpenMP's) */
int ar1_cpu_threads();

/* a CUDA stream makes no sense for a _cpu op: a non-NULL one is a caller bug */
inline int32_t ar1_cpu_check_stream(ar1_message* m, const char* op, const void* stream) {
  if (stream != nullptr)
    return ar1_fail(m, AR1_ERR_INVALID_ARGUMENT, "%s: stream must be NULL for a CPU op", op);
  return AR1_OK;
}

/* Runs body (returning an ar1_status); no C++ exception crosses the C ABI. */
template <class Body>
int32_t ar1_cpu_guard(ar1_message* m, const char* op, Body body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return ar1_fail(m, AR1_ERR_INTERNAL, "%s: internal error: %s", op, e.what());
  } catch (...) {
    return ar1_fail(m, AR1_ERR_INTERNAL, "%s: internal error (unknown exception)", op);
  }
}

#endif /* AR1_CPU_STATUS_H */

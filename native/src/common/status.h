/* Error messages of the C ABI (host code only): a failed check formats its message into a
 * caller-owned buffer and returns the ar1_status; each library keeps its own thread-local buffer
 * behind ar1_last_error() / ar1_cuda_last_error(). */
#ifndef AR1_COMMON_STATUS_H
#define AR1_COMMON_STATUS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "ar1/kernels.h"

#define AR1_MESSAGE_CAPACITY 512

/* A message buffer of AR1_MESSAGE_CAPACITY chars. */
typedef struct ar1_message {
  char text[AR1_MESSAGE_CAPACITY];
} ar1_message;

inline void ar1_message_clear(ar1_message* m) { m->text[0] = '\0'; }

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
inline int32_t ar1_fail(ar1_message* m, int32_t status, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m->text, sizeof m->text, fmt, ap);
  va_end(ap);
  return status;
}

/* `return` the status of a check when it is not AR1_OK */
#define AR1_TRY(expr)                 \
  do {                                \
    const int32_t ar1_try_s_ = (expr); \
    if (ar1_try_s_ != AR1_OK) return ar1_try_s_; \
  } while (0)

#endif /* AR1_COMMON_STATUS_H */

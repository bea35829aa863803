/* AR1_HD: marks the small math helpers of native/src/common/ that both twins compile, so the CPU
 * (g++) and CUDA (nvcc) kernels share one definition of every formula. */
#ifndef AR1_COMMON_HD_H
#define AR1_COMMON_HD_H

#if defined(__CUDACC__)
#define AR1_HD __host__ __device__
#else
#define AR1_HD
#endif

#endif /* AR1_COMMON_HD_H */

# Compiler flags for the CPU twins: C++17, OpenMP, vectorised for the build machine's baseline
# (x86-64-v3 = AVX2 + FMA, with runtime-dispatched fallbacks inside the kernels where needed).
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release)
endif()
find_package(OpenMP REQUIRED COMPONENTS CXX)
set(AR1_CPU_FLAGS -O3 -fno-math-errno -Wall -Wextra)

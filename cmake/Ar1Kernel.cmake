# ar1_add_cpu_library / ar1_add_cuda_library create the two shared libraries;
# ar1_add_kernel(name) adds one kernel's CPU twin (src/cpu/<name>.cpp) and, when CUDA is built,
# its CUDA kernel (src/cuda/<name>.cu).
function(ar1_add_cpu_library target)
  add_library(${target} SHARED ${ARGN})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/include PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${target} PRIVATE ${AR1_CPU_FLAGS})
  target_link_libraries(${target} PRIVATE OpenMP::OpenMP_CXX)
  # libgomp and libstdc++ are the only dependencies; keep libstdc++ static so the .so loads
  # on any glibc x86-64 machine that a JVM trainer runs on
  target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc -Wl,--no-undefined -Wl,--exclude-libs,ALL)
endfunction()

function(ar1_add_cuda_library target)
  add_library(${target} SHARED ${ARGN})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/include PRIVATE ${PROJECT_SOURCE_DIR}/src)
  # hidden by default: only the AR1_API entry points are exported (not ar1cuda:: helpers, inline
  # functions of the common headers, or the static cudart / libstdc++ inside: --exclude-libs)
  set_target_properties(${target} PROPERTIES CUDA_RUNTIME_LIBRARY Static CUDA_SEPARABLE_COMPILATION OFF
                        CUDA_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:-O3 --expt-relaxed-constexpr -lineinfo>)
  target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc -Wl,--exclude-libs,ALL -Wl,--no-undefined)
endfunction()

function(ar1_add_kernel name)
  target_sources(ar1_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/cpu/${name}.cpp)
  if(AR1_HAVE_CUDA)
    target_sources(ar1_kernels_cuda PRIVATE ${PROJECT_SOURCE_DIR}/src/cuda/${name}.cu)
  endif()
endfunction()

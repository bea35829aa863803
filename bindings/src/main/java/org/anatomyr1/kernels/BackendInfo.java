// What the kernel libraries look like on this machine: what `kernels info` prints.
package org.anatomyr1.kernels;

import java.nio.file.Path;
import java.util.List;

/**
 * A description of the loaded kernel libraries.
 *
 * @param cpuLibrary path of the loaded libar1_kernels.so
 * @param abiVersion its ABI version (== {@link KernelAbi#VERSION})
 * @param cpuThreads OpenMP threads of the CPU ops
 * @param cudaAvailable true when the CUDA kernels can run here
 * @param cudaLibrary path of libar1_kernels_cuda.so when loaded, else null
 * @param cudaDevices CUDA devices seen by the JavaCPP runtime
 * @param cudaUnavailableReason why CUDA is unavailable; "" when it is available
 */
public record BackendInfo(Path cpuLibrary, int abiVersion, int cpuThreads, boolean cudaAvailable,
    Path cudaLibrary, List<String> cudaDevices, String cudaUnavailableReason) {

  /** Multi-line human-readable summary. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("cpu library : ").append(cpuLibrary).append('\n');
    sb.append("abi version : ").append(abiVersion).append('\n');
    sb.append("cpu threads : ").append(cpuThreads).append('\n');
    sb.append("cuda        : ").append(cudaAvailable ? "available" : "unavailable").append('\n');
    if (cudaAvailable) {
      sb.append("cuda library: ").append(cudaLibrary).append('\n');
      for (String d : cudaDevices) {
        sb.append("cuda device : ").append(d).append('\n');
      }
    } else {
      sb.append("cuda reason : ").append(cudaUnavailableReason).append('\n');
    }
    return sb.toString();
  }
}

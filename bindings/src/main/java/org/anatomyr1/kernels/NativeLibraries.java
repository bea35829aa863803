// Finds, extracts and loads libar1_kernels.so / libar1_kernels_cuda.so (DJL LibUtils / cuVS
// NativeDependencyLoader style) and checks their ABI version against KernelAbi.VERSION.
package org.anatomyr1.kernels;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Loader of the kernel libraries.
 *
 * <p>Search order: the directory in {@code -Dar1.native.dir} or {@code $AR1_NATIVE_DIR} (loaded
 * in place); otherwise the class-path resources {@code native/linux-x86_64/<lib>}, extracted to
 * {@code -Dar1.native.cache}, {@code $AR1_NATIVE_CACHE} or {@code ~/.cache/anatomy-r1/native},
 * into a sub-folder {@code abi<VERSION>-<content hash>} (written to a temporary file and renamed
 * atomically, so JVMs racing on the same cache are safe). The CUDA library is loaded only when it
 * exists and the JavaCPP CUDA runtime reports a device; otherwise {@link #cudaUnavailableReason()}
 * says why.
 */
public final class NativeLibraries {
  /** File name of the CPU twins. */
  public static final String CPU_LIBRARY = "libar1_kernels.so";
  /** File name of the CUDA kernels. */
  public static final String CUDA_LIBRARY = "libar1_kernels_cuda.so";
  /** The only platform the native build produces. */
  public static final String PLATFORM = "linux-x86_64";
  /** Class-path folder holding the libraries. */
  public static final String RESOURCE_DIR = "native/" + PLATFORM + "/";

  private static LoadedLibrary cpu;
  private static IllegalStateException cpuFailure;
  private static CudaState cuda;

  /** The outcome of the CUDA probe: a library, or the reason there is none. */
  private record CudaState(LoadedLibrary library, List<String> devices, String reason) {}

  private NativeLibraries() {}

  /**
   * The CPU library, loaded on first use.
   *
   * @throws IllegalStateException with the cause when it is missing or has the wrong ABI
   */
  public static synchronized LoadedLibrary cpu() {
    if (cpu != null) {
      return cpu;
    }
    if (cpuFailure != null) {
      throw new IllegalStateException(cpuFailure.getMessage(), cpuFailure);
    }
    try {
      Path path = locate(CPU_LIBRARY);
      if (path == null) {
        throw new IllegalStateException(CPU_LIBRARY + " not found: " + whereSearched(CPU_LIBRARY)
            + ". Build it with `mvn -pl bindings package` (CMake) or point -Dar1.native.dir at it.");
      }
      cpu = load(path, "ar1_abi_version");
      return cpu;
    } catch (IllegalStateException e) {
      cpuFailure = e;
      throw e;
    }
  }

  /** The CUDA library when it was built and a device exists; empty otherwise. */
  public static synchronized Optional<LoadedLibrary> cuda() {
    return Optional.ofNullable(cudaState().library());
  }

  /** Why the CUDA library is not in use; "" when {@link #cuda()} is present. */
  public static synchronized String cudaUnavailableReason() {
    return cudaState().reason();
  }

  /** Names of the CUDA devices the JavaCPP runtime saw (empty without CUDA). */
  public static synchronized List<String> cudaDevices() {
    return cudaState().devices();
  }

  private static CudaState cudaState() {
    if (cuda == null) {
      cuda = probeCuda();
    }
    return cuda;
  }

  private static CudaState probeCuda() {
    // check presence first: the library is extracted and loaded only once a device is known
    String dir = explicitDir();
    boolean present = dir != null ? Files.isRegularFile(Path.of(dir).resolve(CUDA_LIBRARY))
        : NativeLibraries.class.getClassLoader().getResource(RESOURCE_DIR + CUDA_LIBRARY) != null;
    if (!present) {
      return new CudaState(null, List.of(), CUDA_LIBRARY + " was not built (no nvcc at build time, or "
          + "-Dar1.cuda=OFF); searched " + whereSearched(CUDA_LIBRARY));
    }
    CudaRuntime.Probe probe = CudaRuntime.probe();
    if (probe.deviceCount() == 0) {
      return new CudaState(null, List.of(), probe.reason());
    }
    try {
      Path path = locate(CUDA_LIBRARY);
      if (path == null) {
        return new CudaState(null, probe.devices(), CUDA_LIBRARY + " disappeared while loading");
      }
      return new CudaState(load(path, "ar1_cuda_abi_version"), probe.devices(), "");
    } catch (IllegalStateException e) {
      return new CudaState(null, probe.devices(), e.getMessage());
    }
  }

  private static LoadedLibrary load(Path path, String abiSymbol) {
    SymbolLookup lookup;
    try {
      lookup = SymbolLookup.libraryLookup(path, Arena.global());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("cannot load " + path + ": " + e.getMessage(), e);
    }
    MemorySegment fn = lookup.find(abiSymbol).orElseThrow(() -> new IllegalStateException(
        path + " does not export " + abiSymbol + "; it is not an anatomy-r1 kernel library"));
    int abi;
    try {
      MethodHandle h = Linker.nativeLinker().downcallHandle(fn, FunctionDescriptor.of(JAVA_INT));
      abi = (int) h.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("calling " + abiSymbol + " in " + path + " failed: " + t, t);
    }
    if (abi != KernelAbi.VERSION) {
      throw new IllegalStateException(path + " has ABI version " + abi + " but this Java facade needs "
          + KernelAbi.VERSION + " (KernelAbi.VERSION); rebuild native/ and bindings/ together");
    }
    return new LoadedLibrary(path, lookup, abi);
  }

  /** Reads a NUL-terminated C string returned by a native function ("" for NULL). */
  static String cString(MemorySegment p) {
    if (p == null || p.address() == 0L) {
      return "";
    }
    return p.reinterpret(Long.MAX_VALUE).getString(0);
  }

  /** Descriptor of a {@code const char* f(void)} error accessor. */
  static final FunctionDescriptor C_STRING_FN = FunctionDescriptor.of(ADDRESS);

  private static String explicitDir() {
    String dir = System.getProperty("ar1.native.dir");
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("AR1_NATIVE_DIR");
    }
    return dir == null || dir.isBlank() ? null : dir;
  }

  private static String whereSearched(String fileName) {
    String dir = explicitDir();
    return dir != null ? "ar1.native.dir/AR1_NATIVE_DIR = " + dir
        : "class-path resource " + RESOURCE_DIR + fileName;
  }

  /** The file to load, or null when there is none. */
  private static Path locate(String fileName) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException("no native kernels for " + os + "/" + arch + "; only "
          + PLATFORM + " is built");
    }
    String dir = explicitDir();
    if (dir != null) {
      Path p = Path.of(dir).resolve(fileName);
      return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
    }
    URL url = NativeLibraries.class.getClassLoader().getResource(RESOURCE_DIR + fileName);
    if (url == null) {
      return null;
    }
    try (InputStream in = url.openStream()) {
      return extract(fileName, in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot extract " + url + ": " + e, e);
    }
  }

  /** The cache root: ar1.native.cache, AR1_NATIVE_CACHE or ~/.cache/anatomy-r1/native. */
  static Path cacheRoot() {
    String root = System.getProperty("ar1.native.cache");
    if (root == null || root.isBlank()) {
      root = System.getenv("AR1_NATIVE_CACHE");
    }
    if (root != null && !root.isBlank()) {
      return Path.of(root);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "anatomy-r1", "native");
  }

  /**
   * Writes {@code bytes} to {@code <cache>/abi<V>-<sha256[0:16]>/<fileName>} unless an identical
   * file is already there; temp file + atomic rename, so a concurrent JVM sees either nothing or
   * the complete file.
   */
  static Path extract(String fileName, byte[] bytes) throws IOException {
    String hash = sha256(bytes).substring(0, 16);
    Path dir = cacheRoot().resolve("abi" + KernelAbi.VERSION + "-" + hash);
    Path target = dir.resolve(fileName);
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length
        && sha256(Files.readAllBytes(target)).startsWith(hash)) {
      return target.toAbsolutePath();
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, fileName + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target.toAbsolutePath();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }
}

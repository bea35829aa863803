// One loaded kernel library: where its file is and the symbol lookup bound to it.
package org.anatomyr1.kernels;

import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;

/**
 * A native library loaded for the life of the JVM ({@code Arena.global()}).
 *
 * @param path the file that was loaded (extracted copy or {@code ar1.native.dir} file)
 * @param lookup its symbols
 * @param abiVersion what its {@code ar1_abi_version} / {@code ar1_cuda_abi_version} returned
 */
public record LoadedLibrary(Path path, SymbolLookup lookup, int abiVersion) {}

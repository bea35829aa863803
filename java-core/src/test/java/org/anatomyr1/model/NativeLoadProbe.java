// A process for NativeLibraryCacheTest: loads the native libraries (under the cache lock, or
// unlocked as JavaCPP alone does when given "unlocked"), then computes one LibTorch sum.
package org.anatomyr1.model;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

public final class NativeLoadProbe {
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("unlocked")) {
      Loader.load(torch.class);
      Loader.load(org.bytedeco.opencv.global.opencv_core.class);
    } else {
      ComputeThreads.prepare();
      NativeLibraryCache.load();
    }
    System.out.println("sum " + torch.ones(3).sum().item_float());
  }
}

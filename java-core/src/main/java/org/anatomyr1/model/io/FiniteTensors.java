// Refuses weights and optimizer moments that hold NaN or infinity: a model loaded with them generates
// garbage and a resumed optimizer spreads them into every weight, so they fail at load, by name.
package org.anatomyr1.model.io;

import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

public final class FiniteTensors {
  private FiniteTensors() {}

  /** Throws a {@link CheckpointFormatException} naming {@code name} when {@code t} holds NaN or +-inf (one pass). */
  @SuppressWarnings("try")
  public static void require(Tensor t, Path where, String name) {
    if (!t.is_floating_point()) return;
    try (PointerScope scope = new PointerScope()) { // the [numel] bool mask and the scalar live only here
      if (t.isfinite().all().item_bool()) return;
      long nan = t.isnan().sum().item_long();
      long inf = t.isinf().sum().item_long();
      throw new CheckpointFormatException(where + ": tensor '" + name + "' holds " + nan + " NaN and " + inf
          + " infinite values (a diverged or corrupted checkpoint)");
    }
  }

  /** Checks every tensor stored in the HF-layout directory {@code dir}. */
  @SuppressWarnings("try")
  public static void requireAll(Path dir) {
    try (CheckpointDirectory c = CheckpointDirectory.open(dir)) {
      for (String name : c.names()) {
        try (PointerScope scope = new PointerScope()) { // each tensor's handle is freed here, not by the GC
          require(c.tensor(name), dir, name);
        }
      }
    }
  }
}

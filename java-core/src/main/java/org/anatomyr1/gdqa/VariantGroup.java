// The G prompt variants GDQA makes of one item for one GRPO group (k text x m image variants,
// or G plain copies when GDQA is off).
package org.anatomyr1.gdqa;

import java.util.List;
import org.anatomyr1.data.VqaSample;

public record VariantGroup(VqaSample source, List<Variant> variants) {
  public VariantGroup {
    variants = List.copyOf(variants);
  }

  public int size() {
    return variants.size();
  }
}

// The group-advantage estimators a run can name (config key `algo.advantage`): "std" is GRPO's
// (r - mean) / (std + eps), "center" is Dr.GRPO's and GPG's r - mean. Both run in the native
// group-stats kernel; this registry only maps names to its mode. Unknown names list the valid ones.
package org.anatomyr1.rl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.kernels.AdvantageConfig;
import org.anatomyr1.kernels.AdvantageMode;

public final class AdvantageEstimators {
  private static final Map<String, AdvantageConfig> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("std", AdvantageConfig.grpo()); // unbiased std, eps 1e-4 (TRL / ms-swift)
    DEFAULTS.put("center", AdvantageConfig.center());
  }

  private AdvantageEstimators() {}

  /** The valid values of `algo.advantage`. */
  public static List<String> names() {
    return List.copyOf(DEFAULTS.keySet());
  }

  /** The estimator's defaults (mode, unbiased std, eps). */
  public static AdvantageConfig get(String name) {
    AdvantageConfig a = DEFAULTS.get(name);
    if (a == null) {
      throw new IllegalArgumentException("unknown advantage estimator '" + name + "'; valid: "
          + String.join(", ", DEFAULTS.keySet()));
    }
    return a;
  }

  /** The kernel mode of {@code name}. */
  public static AdvantageMode mode(String name) {
    return get(name).mode();
  }
}

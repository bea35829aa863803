// Reward functions by name: the trainer builds its weighted reward terms from here. Duplicate
// names throw; an unknown name lists the valid ones.
package org.anatomyr1.rl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

public final class RewardRegistry {
  private final Map<String, Supplier<RewardFunction>> factories = new LinkedHashMap<>();

  /** accuracy, format and choice; soft_overlong needs lengths, so it is built with {@link #register}. */
  public static RewardRegistry defaults() {
    RewardRegistry registry = new RewardRegistry();
    registry.register("accuracy", AccuracyReward::new);
    registry.register("format", FormatReward::new);
    registry.register("choice", ValidChoiceReward::new);
    return registry;
  }

  /**
   * The defaults plus DAPO's soft overlong punishment when {@code overlongBuffer > 0} (the buffer
   * clamped to the completion limit): every reward a run can name.
   */
  public static RewardRegistry forLengths(int maxCompletionTokens, int overlongBuffer) {
    RewardRegistry registry = defaults();
    if (overlongBuffer > 0) {
      int buffer = Math.min(overlongBuffer, maxCompletionTokens);
      registry.register("soft_overlong", () -> new SoftOverlongPenalty(maxCompletionTokens, buffer));
    }
    return registry;
  }

  /** The names a run can use (for validating config values). */
  public static List<String> names() {
    return List.copyOf(forLengths(1, 1).factories.keySet());
  }

  public RewardRegistry register(String name, Supplier<RewardFunction> factory) {
    if (factories.putIfAbsent(name, factory) != null) {
      throw new IllegalArgumentException("reward '" + name + "' is already registered");
    }
    return this;
  }

  public RewardFunction create(String name) {
    Supplier<RewardFunction> factory = factories.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown reward '" + name + "'; valid: " + String.join(", ", factories.keySet()));
    }
    return factory.get();
  }
}

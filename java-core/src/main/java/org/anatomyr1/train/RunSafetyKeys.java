// The run-safety settings of a TrainConfig (keys overwrite, strict, max_nonfinite_steps), parsed from its
// values with the key named in every error; kept apart from the TrainConfig record's component list.
package org.anatomyr1.train;

import java.util.Locale;

public record RunSafetyKeys(boolean overwrite, boolean strict, int maxNonFiniteSteps) {
  public static RunSafetyKeys of(TrainConfig c) {
    return new RunSafetyKeys(bool(c, "overwrite"), bool(c, "strict"), integer(c, "max_nonfinite_steps", 1, 1 << 30));
  }

  static boolean bool(TrainConfig c, String key) {
    String s = raw(c, key).toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0", "" -> false;
      default -> throw new IllegalArgumentException("config key '" + key + "' = '" + s + "': must be true or false");
    };
  }

  static int integer(TrainConfig c, String key, int min, int max) {
    String s = raw(c, key);
    try {
      int v = Integer.parseInt(s);
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("config key '" + key + "' = '" + s + "': must be an integer in " + min + ".." + max);
  }

  private static String raw(TrainConfig c, String key) {
    String s = c.values().get(key);
    if (s == null) s = ConfigKeys.DEFAULTS.getOrDefault(key, "");
    return s.strip();
  }
}

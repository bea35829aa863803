// The run-safety settings of a TrainConfig (keys overwrite, strict, max_nonfinite_steps), read from its
// declared keys (ConfigKeys; validated when the config was built).
package org.anatomyr1.train;

public record RunSafetyKeys(boolean overwrite, boolean strict, int maxNonFiniteSteps) {
  public static RunSafetyKeys of(TrainConfig c) {
    return new RunSafetyKeys(Boolean.TRUE.equals(c.get(ConfigKeys.OVERWRITE)), Boolean.TRUE.equals(c.get(ConfigKeys.STRICT)),
        c.get(ConfigKeys.MAX_NONFINITE_STEPS));
  }
}

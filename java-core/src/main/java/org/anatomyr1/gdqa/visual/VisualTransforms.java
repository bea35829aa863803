// Registry of GDQA visual transforms by name (duplicate names throw; unknown names list valid ones).
package org.anatomyr1.gdqa.visual;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class VisualTransforms {
  private VisualTransforms() {}

  private static final Map<String, VisualTransform> REGISTRY = new TreeMap<>();

  static {
    register(new PhotometricJitter());
    register(new SlightBlur());
    register(new SafeTranslation());
    register(new GaussianNoise());
  }

  public static synchronized void register(VisualTransform t) {
    if (REGISTRY.putIfAbsent(t.name(), t) != null) {
      throw new IllegalArgumentException("visual transform '" + t.name() + "' is already registered");
    }
  }

  public static synchronized VisualTransform get(String name) {
    VisualTransform t = REGISTRY.get(name);
    if (t == null) {
      throw new IllegalArgumentException("unknown visual transform '" + name + "'; valid: " + String.join(", ", REGISTRY.keySet()));
    }
    return t;
  }

  public static synchronized List<String> names() {
    return List.copyOf(REGISTRY.keySet());
  }
}

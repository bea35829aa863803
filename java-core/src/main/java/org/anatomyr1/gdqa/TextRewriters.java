// Registry of GDQA text rewriters by name (duplicate names throw; unknown names list valid ones).
package org.anatomyr1.gdqa;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class TextRewriters {
  private TextRewriters() {}

  private static final Map<String, TextRewriter> REGISTRY = new TreeMap<>();

  static {
    register(new QuestionParaphraser());
    register(new PreambleRewriter());
    register(new OptionPermutation());
  }

  public static synchronized void register(TextRewriter r) {
    if (REGISTRY.putIfAbsent(r.name(), r) != null) {
      throw new IllegalArgumentException("text rewriter '" + r.name() + "' is already registered");
    }
  }

  public static synchronized TextRewriter get(String name) {
    TextRewriter r = REGISTRY.get(name);
    if (r == null) {
      throw new IllegalArgumentException("unknown text rewriter '" + name + "'; valid: " + String.join(", ", REGISTRY.keySet()));
    }
    return r;
  }

  public static synchronized List<String> names() {
    return List.copyOf(REGISTRY.keySet());
  }
}

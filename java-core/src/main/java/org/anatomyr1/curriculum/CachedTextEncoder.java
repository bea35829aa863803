// Memoises an encoder per distinct string: option sets repeat heavily (6 anatomy names serve the
// 3,000 reference items), so each string is embedded once.
package org.anatomyr1.curriculum;

import java.util.HashMap;
import java.util.Map;

public final class CachedTextEncoder implements TextEncoder {
  private final TextEncoder inner;
  private final Map<String, float[]> cache = new HashMap<>();

  public CachedTextEncoder(TextEncoder inner) {
    this.inner = inner;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public synchronized float[] embed(String text) {
    float[] v = cache.get(text);
    if (v == null) {
      v = inner.embed(text);
      cache.put(text, v);
    }
    return v;
  }

  /** Distinct strings embedded so far. */
  public synchronized int size() {
    return cache.size();
  }

  @Override
  public void close() {
    inner.close();
  }
}

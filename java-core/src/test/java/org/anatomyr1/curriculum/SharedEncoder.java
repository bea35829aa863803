// One bundled bge-small encoder per test JVM (loading it takes about a second), cached per string.
package org.anatomyr1.curriculum;

public final class SharedEncoder {
  private SharedEncoder() {}

  private static CachedTextEncoder bge;

  public static synchronized CachedTextEncoder bge() {
    if (bge == null) bge = new CachedTextEncoder(TextEncoders.create(TextEncoders.DEFAULT));
    return bge;
  }
}

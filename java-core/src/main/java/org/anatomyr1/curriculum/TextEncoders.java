// Registry of ASC text encoders by name (house style: duplicate names throw, unknown names list
// the valid ones). "onnx:PATH[?pooling=mean|cls]" opens a user-supplied ONNX model instead.
package org.anatomyr1.curriculum;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

public final class TextEncoders {
  private TextEncoders() {}

  public static final String DEFAULT = BgeSmallEncoder.NAME;
  public static final String ONNX_PREFIX = "onnx:";

  private static final Map<String, Supplier<TextEncoder>> REGISTRY = new TreeMap<>();

  static {
    register(BgeSmallEncoder.NAME, BgeSmallEncoder::new);
  }

  public static synchronized void register(String name, Supplier<TextEncoder> factory) {
    if (name.startsWith(ONNX_PREFIX)) throw new IllegalArgumentException("'" + ONNX_PREFIX + "' is reserved");
    if (REGISTRY.putIfAbsent(name, factory) != null) {
      throw new IllegalArgumentException("text encoder '" + name + "' is already registered");
    }
  }

  public static synchronized java.util.Set<String> names() {
    return java.util.Set.copyOf(REGISTRY.keySet());
  }

  /**
   * Checks {@code spec} without opening anything heavy: a registered name, or "onnx:PATH[?pooling=mean|cls]"
   * with an existing PATH (config validation, before any work starts).
   */
  public static void check(String spec) {
    if (spec.startsWith(ONNX_PREFIX)) {
      String rest = spec.substring(ONNX_PREFIX.length());
      int q = rest.indexOf("?pooling=");
      if (q >= 0) {
        OnnxTextEncoder.Pooling.parse(rest.substring(q + "?pooling=".length()));
        rest = rest.substring(0, q);
      }
      if (rest.isEmpty() || !java.nio.file.Files.exists(Path.of(rest))) {
        throw new IllegalArgumentException("ONNX text encoder path '" + rest + "' does not exist (onnx:DIR with model.onnx"
            + " and tokenizer.json)");
      }
      return;
    }
    synchronized (TextEncoders.class) {
      if (REGISTRY.containsKey(spec)) return;
    }
    throw new IllegalArgumentException("unknown text encoder '" + spec + "'; valid: " + allowed());
  }

  /** The allowed specs in words: the registered names, or onnx:PATH. */
  public static synchronized String allowed() {
    return String.join(", ", REGISTRY.keySet()) + ", or onnx:PATH[?pooling=mean|cls] (a directory with model.onnx and"
        + " tokenizer.json)";
  }

  /** Opens an encoder by registered name or by "onnx:PATH[?pooling=mean|cls]". */
  public static TextEncoder create(String spec) {
    if (spec.startsWith(ONNX_PREFIX)) {
      String rest = spec.substring(ONNX_PREFIX.length());
      OnnxTextEncoder.Pooling pooling = OnnxTextEncoder.Pooling.MEAN;
      int q = rest.indexOf("?pooling=");
      if (q >= 0) {
        pooling = OnnxTextEncoder.Pooling.parse(rest.substring(q + "?pooling=".length()));
        rest = rest.substring(0, q);
      }
      return new OnnxTextEncoder(Path.of(rest), pooling);
    }
    Supplier<TextEncoder> f;
    synchronized (TextEncoders.class) {
      f = REGISTRY.get(spec);
    }
    if (f == null) {
      throw new IllegalArgumentException("unknown text encoder '" + spec + "'; valid: " + String.join(", ", REGISTRY.keySet())
          + ", or onnx:PATH (a directory with model.onnx and tokenizer.json)");
    }
    return f.get();
  }
}

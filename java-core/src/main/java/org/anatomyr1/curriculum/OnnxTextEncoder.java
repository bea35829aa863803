// Generic ONNX text encoder for a user-exported model (e.g. MedCLIP's or BioClinicalBERT's text
// tower, docs/ENCODERS.md): model.onnx + tokenizer.json, run with ONNX Runtime and DJL's HF
// tokenizer; a [1, T, H] output is pooled (mask-aware mean or CLS), a [1, H] output used as is.
package org.anatomyr1.curriculum;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

public final class OnnxTextEncoder implements TextEncoder {

  /** How token states [T, H] become one vector when the graph does not pool itself. */
  public enum Pooling {
    MEAN, CLS;

    static Pooling parse(String s) {
      for (Pooling p : values()) if (p.name().equalsIgnoreCase(s)) return p;
      throw new IllegalArgumentException("unknown pooling '" + s + "'; valid: mean, cls");
    }
  }

  private final String name;
  private final Pooling pooling;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean wantsTokenTypes;

  /**
   * @param path a directory holding model.onnx and tokenizer.json, or the .onnx file itself with
   *             tokenizer.json beside it
   */
  public OnnxTextEncoder(Path path, Pooling pooling) {
    Path model = Files.isDirectory(path) ? path.resolve("model.onnx") : path;
    Path dir = model.toAbsolutePath().getParent();
    Path tok = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("ONNX text encoder: model file not found: " + model
          + " (expected a directory with model.onnx and tokenizer.json, see docs/ENCODERS.md)");
    }
    if (!Files.isRegularFile(tok)) {
      throw new IllegalArgumentException("ONNX text encoder: tokenizer not found: " + tok
          + " (save it with tokenizer.save_pretrained(...), see docs/ENCODERS.md)");
    }
    this.name = TextEncoders.ONNX_PREFIX + path + (pooling == Pooling.MEAN ? "" : "?pooling=" + pooling.name().toLowerCase());
    this.pooling = pooling;
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("padding", "false", "truncation", "true", "maxLength", "512"));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("ONNX text encoder: cannot load tokenizer " + tok + ": " + e.getMessage(), e);
    }
    try {
      this.env = OrtEnvironment.getEnvironment();
      this.session = env.createSession(model.toString(), new OrtSession.SessionOptions());
      Map<String, NodeInfo> inputs = session.getInputInfo();
      if (!inputs.containsKey("input_ids") || !inputs.containsKey("attention_mask")) {
        throw new IllegalArgumentException("ONNX text encoder: " + model + " must take inputs 'input_ids' and"
            + " 'attention_mask' (has " + inputs.keySet() + ")");
      }
      this.wantsTokenTypes = inputs.containsKey("token_type_ids");
    } catch (OrtException e) {
      tokenizer.close();
      throw new IllegalArgumentException("ONNX text encoder: cannot load " + model + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public float[] embed(String text) {
    Encoding enc = tokenizer.encode(text);
    long[] ids = enc.getIds();
    long[] mask = enc.getAttentionMask();
    long[][] idsB = {ids};      // [1, T]
    long[][] maskB = {mask};    // [1, T]
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("input_ids", OnnxTensor.createTensor(env, idsB));
      in.put("attention_mask", OnnxTensor.createTensor(env, maskB));
      if (wantsTokenTypes) in.put("token_type_ids", OnnxTensor.createTensor(env, new long[][] {enc.getTypeIds()}));
      try (OrtSession.Result out = session.run(in)) {
        Object v = out.get(0).getValue();
        if (v instanceof float[][][] states) return Vectors.normalise(pool(states[0], mask)); // [T, H]
        if (v instanceof float[][] pooled) return Vectors.normalise(pooled[0].clone());          // [1, H]
        throw new IllegalStateException("ONNX text encoder " + name + ": first output must be float [1, T, H] or [1, H]");
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX text encoder " + name + " failed on '" + text + "': " + e.getMessage(), e);
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /** states [T, H], mask [T] -> [H]. */
  private float[] pool(float[][] states, long[] mask) {
    int h = states[0].length;
    if (pooling == Pooling.CLS) return states[0].clone();
    double[] sum = new double[h];
    int n = 0;
    for (int t = 0; t < states.length; t++) {
      if (mask[t] == 0) continue;
      n++;
      for (int j = 0; j < h; j++) sum[j] += states[t][j];
    }
    float[] out = new float[h];
    for (int j = 0; j < h; j++) out[j] = (float) (sum[j] / Math.max(1, n));
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    } finally {
      tokenizer.close();
    }
  }
}

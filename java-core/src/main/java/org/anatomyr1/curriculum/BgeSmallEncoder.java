// Default ASC text encoder: BAAI bge-small-en-v1.5 (quantised ONNX, 384-d) bundled in langchain4j's
// Maven Central jar and run in-process with ONNX Runtime: offline, no download.
package org.anatomyr1.curriculum;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

public final class BgeSmallEncoder implements TextEncoder {
  public static final String NAME = "bge-small-en-v1.5";

  private final BgeSmallEnV15QuantizedEmbeddingModel model;

  public BgeSmallEncoder() {
    try {
      model = new BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run); // embed on the caller's thread
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException("cannot load the bundled " + NAME + " model: " + e, e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] embed(String text) {
    return Vectors.normalise(model.embed(text).content().vector());
  }
}

// A sentence-embedding model for the ASC similarity S(q) (Anatomy-R1 uses MedCLIP's text tower;
// here any registered encoder: bundled bge-small-en-v1.5 by default, or a user's ONNX export).
package org.anatomyr1.curriculum;

public interface TextEncoder extends AutoCloseable {
  /** Registry name or spec, recorded with the scores ("bge-small-en-v1.5", "onnx:/path"). */
  String name();

  /** Embedding of one string, L2-normalised: [D]. */
  float[] embed(String text);

  @Override
  default void close() {}
}

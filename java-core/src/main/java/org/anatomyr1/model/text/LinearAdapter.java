// An additive adapter on one decoder linear layer (LoRA): the layer computes W x + b + delta(x).
// Set through TextDecoder.setAdapters; with none set the decoder is exactly the reference model.
package org.anatomyr1.model.text;

import org.bytedeco.pytorch.Tensor;

public interface LinearAdapter {
  /** delta(x) with the layer output's shape [.., out], or null when the adapter is switched off. */
  Tensor delta(Tensor x);
}

// Gradient (activation) checkpointing for training, as transformers' gradient_checkpointing: a chain
// of layers runs forward without autograd, keeping only each layer's input; backward then recomputes
// one layer at a time with autograd and backpropagates the incoming gradient through it, so that at
// most one layer's saved tensors are alive (on an AVX2-only CPU these include the fp32 weight slices
// of the bf16 detour, CpuHalfCompute: ~11 GB for the 3B decoder when every layer keeps them).
// Costs one extra forward of the chained layers. LibTorch's custom autograd functions are C++
// templates that JavaCPP does not expose, so the chain is cut by hand: its end is a fresh leaf that
// the rest of the forward builds on, and the caller runs backward() after the loss's backward.
package org.anatomyr1.model.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;

public final class ActivationCheckpoints {
  /** One checkpointed chain: its graph-connected source, each layer's stored input, the layers, the end leaf. */
  private record Chain(Tensor source, Tensor[] inputs, List<UnaryOperator<Tensor>> layers, Tensor leaf) {}

  private final List<Chain> chains = new ArrayList<>(); // in forward order
  private boolean done;

  /** True when a forward should checkpoint through {@code tape}: one is given and autograd is recording. */
  public static boolean records(ActivationCheckpoints tape) {
    return tape != null && GradMode.is_enabled();
  }

  /**
   * Runs {@code layers} in order on {@code source} without autograd (each in its own PointerScope),
   * keeping every layer's input. Returns the last output as a new leaf that requires grad: the
   * caller continues its forward from it, and after the loss's backward calls {@link #backward()}.
   *
   * @param source the first layer's input; may carry a graph (embeddings, vision features), which
   *     backward() continues into
   */
  @SuppressWarnings("try")
  public Tensor chain(Tensor source, List<UnaryOperator<Tensor>> layers) {
    if (done) throw new IllegalStateException("activation checkpoints: backward() already ran");
    Tensor[] inputs = new Tensor[layers.size()];
    Tensor x = source.detach();
    try (NoGradGuard ng = new NoGradGuard()) {
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = x;
        Tensor in = x;
        UnaryOperator<Tensor> layer = layers.get(i);
        x = TensorOps.scoped(() -> layer.apply(in)); // nothing saved for backward: autograd is off
      }
    }
    Tensor leaf = x; // [.., same shape as source]
    leaf.requires_grad_(true); // (the returned reference is not an owning handle: not used)
    chains.add(new Chain(source, inputs, List.copyOf(layers), leaf));
    return leaf;
  }

  /**
   * Backward through the chains, last first: per layer (last first) its input as a fresh leaf,
   * the layer recomputed with autograd, the gradient of its output backpropagated (parameter
   * gradients accumulate in their .grad), the input's gradient carried to the layer before; the
   * first layer's input gradient goes on into the source's graph when it has one. A chain whose
   * end received no gradient (nothing downstream trains) is skipped. Call once, after the loss's
   * backward reached the chains' leaves.
   */
  @SuppressWarnings("try")
  public void backward() {
    if (done) throw new IllegalStateException("activation checkpoints: backward() already ran");
    done = true;
    try (AutoGradMode on = new AutoGradMode(true)) {
      for (int c = chains.size() - 1; c >= 0; c--) {
        Chain chain = chains.get(c);
        Tensor grad = chain.leaf().grad();
        if (!grad.defined()) continue;
        grad = grad.detach(); // an owning handle (grad() is a reference into the leaf)
        for (int i = chain.inputs().length - 1; i >= 0; i--) {
          Tensor g = grad;
          Tensor stored = chain.inputs()[i];
          UnaryOperator<Tensor> layer = chain.layers().get(i);
          boolean needInputGrad = i > 0 || chain.source().requires_grad();
          grad = TensorOps.scoped(() -> { // the layer's recomputed graph and saved tensors die here
            Tensor in = stored.detach();
            in.requires_grad_(needInputGrad);
            Tensor out = layer.apply(in);
            if (!out.requires_grad()) return new Tensor(); // nothing in this layer or below trains
            out.backward(g, new BoolOptional(), false, new TensorArrayRefOptional());
            // detach: an owning handle; grad() refers into `in`, which dies with this scope
            return needInputGrad ? in.grad().detach() : new Tensor();
          });
          if (!grad.defined()) break;
        }
        if (grad.defined() && chain.source().requires_grad()) {
          chain.source().backward(grad, new BoolOptional(), false, new TensorArrayRefOptional());
        }
      }
    }
  }
}

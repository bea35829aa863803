// The Qwen2.5-VL vision tower (Qwen2_5_VisionTransformerPretrainedModel, spec §4): patch embedding,
// window permutation, blocks with window or full attention, patch merger, inverse permutation.
package org.anatomyr1.model.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.anatomyr1.model.core.ActivationCheckpoints;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.TensorOps;
import org.anatomyr1.model.core.VisionConfig;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

public final class VisionTower {
  private final VisionConfig config;
  private final ComputeSettings compute;
  private final Tensor patchEmbed; // [D, C, tp, p, p], the stored weight itself (see patchEmbed())
  private final List<VisionBlock> blocks = new ArrayList<>();
  private final PatchMerger merger;

  public VisionTower(VisionConfig config, ModelWeights weights, ComputeSettings compute) {
    this.config = config;
    this.compute = compute;
    this.patchEmbed = weights.get("vis.patch_embed.proj.weight");
    for (int i = 0; i < config.depth(); i++) blocks.add(new VisionBlock(weights, i, config.numHeads(), config.headDim()));
    this.merger = new PatchMerger(weights, config.mergeUnit());
  }

  public VisionGeometry geometry(long[][] grids) {
    int windowMerged = config.windowSize() / config.spatialMergeSize() / config.patchSize();
    return VisionGeometry.of(grids, config.spatialMergeSize(), windowMerged);
  }

  /** pixel_values [N, C*tp*p*p] (cast to the compute dtype, as the reference casts to the weight dtype). */
  public Tensor patchEmbed(Tensor pixelValues) {
    // Conv3d with stride = kernel is a linear map; the view is taken per call, so that a weight
    // marked trainable after construction (train.vision) receives its gradient through it
    Tensor w = patchEmbed.reshape(config.hiddenSize(), config.patchInputSize()); // [D, C*tp*p*p]
    return torch.linear(pixelValues.to(compute.torchDevice(), compute.dtype()), w); // [N, D]
  }

  /**
   * pixel_values [N, C*tp*p*p] with one {t, h, w} grid per image -> merged features
   * [N / merge^2, out_hidden], images concatenated, each in raster order of its merged grid.
   */
  public Tensor forward(Tensor pixelValues, long[][] grids) {
    return forward(pixelValues, grids, null);
  }

  /**
   * {@link #forward(Tensor, long[][])}, with the blocks checkpointed through {@code tape} when it is
   * non-null and autograd records (train.vision with grad_checkpointing).
   */
  public Tensor forward(Tensor pixelValues, long[][] grids, ActivationCheckpoints tape) {
    if (pixelValues.dim() != 2 || pixelValues.size(1) != config.patchInputSize()) {
      throw new IllegalArgumentException("pixel_values must be [N, " + config.patchInputSize() + "], got "
          + java.util.Arrays.toString(HostTensors.shape(pixelValues)));
    }
    VisionGeometry g = geometry(grids);
    if (pixelValues.size(0) != g.numPatches) {
      throw new IllegalArgumentException("pixel_values has " + pixelValues.size(0) + " rows but image_grid_thw implies "
          + g.numPatches + " patches");
    }
    int unit = config.mergeUnit();
    int[] order = g.windowPatchOrder(unit);
    Tensor orderT = toDevice(HostTensors.longs(toLong(order), order.length));
    Tensor x = patchEmbed(pixelValues).index_select(0, orderT); // [N, D] window order

    Tensor angles = toDevice(VisionRotary.angles(g, order, config.headDim())); // [N, hd] f32
    Tensor cos = angles.cos();
    Tensor sin = angles.sin();
    AttentionSegments full = new AttentionSegments(g.cuSeqlens, compute.torchDevice(), compute.isCpu());
    AttentionSegments windows = new AttentionSegments(g.cuWindowSeqlens, compute.torchDevice(), compute.isCpu());
    // frozen blocks (train.vision off) record no graph anyway: checkpointing them would only add a
    // pointless backward through the tower
    boolean checkpoint = ActivationCheckpoints.records(tape) && patchEmbed.requires_grad();
    if (checkpoint) {
      List<UnaryOperator<Tensor>> chain = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) {
        VisionBlock block = blocks.get(i);
        AttentionSegments segments = config.isFullAttention(i) ? full : windows;
        chain.add(in -> block.forward(in, cos, sin, segments));
      }
      x = tape.chain(x, chain); // [N, D] window order
    } else {
      for (int i = 0; i < blocks.size(); i++) {
        Tensor in = x;
        VisionBlock block = blocks.get(i);
        AttentionSegments segments = config.isFullAttention(i) ? full : windows;
        x = TensorOps.scoped(() -> block.forward(in, cos, sin, segments)); // one block's intermediates at a time
        TensorOps.release(in);
      }
    }
    Tensor merged = merger.forward(x); // [N/unit, out], window order
    int[] inverse = g.inverseWindowIndex();
    return merged.index_select(0, toDevice(HostTensors.longs(toLong(inverse), inverse.length)));
  }

  private Tensor toDevice(Tensor t) {
    return compute.isCpu() ? t : t.to(compute.torchDevice(), t.scalar_type());
  }

  static long[] toLong(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }
}

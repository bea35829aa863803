// Qwen2.5-VL for conditional generation (Qwen2_5_VLForConditionalGeneration, spec §4-5): vision tower,
// image features scattered into the token embeddings, MRoPE positions from get_rope_index, decoder
// and lm_head; prefill with or without a KV cache, and single-token decode steps.
// Callers run each forward inside a JavaCPP PointerScope; weights and caches live outside it.
package org.anatomyr1.model;

import java.nio.file.Files;
import java.nio.file.Path;
import org.anatomyr1.model.core.ActivationCheckpoints;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.model.io.CheckpointDirectory;
import org.anatomyr1.model.text.KvCache;
import org.anatomyr1.model.text.RopeIndex;
import org.anatomyr1.model.text.TextDecoder;
import org.anatomyr1.model.vision.VisionTower;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

public final class Qwen25VlModel implements AutoCloseable {
  private final Qwen25VlConfig config;
  private final ComputeSettings compute;
  private final ModelWeights weights;
  private final VisionTower vision;
  private final TextDecoder decoder;

  public Qwen25VlModel(Qwen25VlConfig config, ModelWeights weights, ComputeSettings compute) {
    this.config = config;
    this.compute = compute;
    this.weights = weights;
    this.vision = new VisionTower(config.vision(), weights, compute);
    this.decoder = new TextDecoder(config.text(), weights, compute);
  }

  /** Loads config.json and the weights (single file or shards, either naming scheme) of a HF model directory. */
  public static Qwen25VlModel load(Path dir, ComputeSettings compute) {
    Path configPath = dir.resolve("config.json");
    if (!Files.isRegularFile(configPath)) throw new IllegalArgumentException(dir + ": no config.json");
    Qwen25VlConfig config = Qwen25VlConfig.read(configPath);
    CheckpointDirectory ckpt = CheckpointDirectory.open(dir);
    ModelWeights weights;
    try {
      weights = ModelWeights.loadMapped(ckpt, config, compute);
    } catch (RuntimeException e) {
      ckpt.close();
      throw e;
    }
    if (!weights.ownsCheckpoint()) ckpt.close();
    return new Qwen25VlModel(config, weights, compute);
  }

  public Qwen25VlConfig config() {
    return config;
  }

  public ComputeSettings compute() {
    return compute;
  }

  public ModelWeights weights() {
    return weights;
  }

  public VisionTower vision() {
    return vision;
  }

  public TextDecoder decoder() {
    return decoder;
  }

  /** A prompt batch: ids/mask [B][T] (left-padded), pixel_values [N, C*tp*p*p] or null, one grid per image. */
  public record Batch(long[][] inputIds, long[][] attentionMask, Tensor pixelValues, long[][] grids) {
    public Batch {
      if (inputIds.length == 0) throw new IllegalArgumentException("empty batch");
      if (attentionMask.length != inputIds.length) {
        throw new IllegalArgumentException("attention_mask has " + attentionMask.length + " rows, input_ids "
            + inputIds.length);
      }
      for (int i = 0; i < inputIds.length; i++) {
        if (inputIds[i].length != inputIds[0].length || attentionMask[i].length != inputIds[0].length) {
          throw new IllegalArgumentException("row " + i + " of input_ids/attention_mask differs in length from row 0");
        }
        for (long m : attentionMask[i]) {
          if (m != 0 && m != 1) throw new IllegalArgumentException("attention_mask values must be 0 or 1, got " + m);
        }
      }
      if (grids == null) grids = new long[0][];
      if ((pixelValues == null) != (grids.length == 0)) {
        throw new IllegalArgumentException("pixel_values and image_grid_thw must be given together");
      }
    }

    public int batchSize() {
      return inputIds.length;
    }

    public int length() {
      return inputIds[0].length;
    }
  }

  /** Results of a prompt forward. visionFeatures is null without images; logits [B, T, V] or [B, V] (last only). */
  public record Prefill(Tensor visionFeatures, RopeIndex rope, Tensor logits) {}

  /**
   * Prompt forward. With {@code cache} non-null the keys/values are stored for decoding. With
   * {@code allLogits} false only the last position's logits are computed ([B, V]).
   */
  public Prefill prefill(Batch batch, KvCache cache, boolean allLogits) {
    Hidden h = hiddenStates(batch, cache);
    int t = batch.length();
    Tensor logits = allLogits ? decoder.logits(h.hidden()) : decoder.logits(h.hidden().select(1, t - 1));
    return new Prefill(h.visionFeatures(), h.rope(), logits);
  }

  /** Final (normed) hidden states [B, T, H] of a prompt forward, before lm_head. */
  public record Hidden(Tensor visionFeatures, RopeIndex rope, Tensor hidden) {}

  /**
   * The forward up to the final norm, without lm_head: training applies lm_head itself in token
   * chunks so that no [B*T, V] logits tensor is built. Autograd records it when weights require grad.
   */
  public Hidden hiddenStates(Batch batch, KvCache cache) {
    return hiddenStates(batch, cache, null);
  }

  /**
   * {@link #hiddenStates(Batch, KvCache)} with gradient checkpointing through {@code tape} (null =
   * off): the decoder layers (and the vision blocks) keep no tensors for backward; after the loss's
   * backward, {@code tape.backward()} recomputes and backpropagates them one at a time.
   */
  public Hidden hiddenStates(Batch batch, KvCache cache, ActivationCheckpoints tape) {
    int b = batch.batchSize();
    int t = batch.length();
    for (long[] row : batch.inputIds()) {
      for (long id : row) {
        if (id < 0 || id >= config.text().vocabSize()) {
          throw new IllegalArgumentException("token id " + id + " outside the vocabulary [0, " + config.text().vocabSize() + ")");
        }
      }
    }
    long[] flatIds = new long[b * t];
    for (int i = 0; i < b; i++) System.arraycopy(batch.inputIds()[i], 0, flatIds, i * t, t);
    Tensor ids = HostTensors.longs(flatIds, b, t).to(compute.torchDevice(), org.bytedeco.pytorch.global.torch.ScalarType.Long);
    Tensor embeds = decoder.embed(ids); // [B, T, H]
    Tensor features = null;
    if (batch.pixelValues() != null) {
      features = vision.forward(batch.pixelValues(), batch.grids(), tape); // [sum tokens, H]
      Tensor imageMask = torch.eq(ids, new Scalar(config.imageTokenId())); // [B, T]
      long placeholders = imageMask.sum().item_long();
      if (placeholders != features.size(0)) {
        throw new IllegalArgumentException("the prompts hold " + placeholders + " image tokens (id "
            + config.imageTokenId() + ") but the images give " + features.size(0) + " features");
      }
      // masked_scatter fills masked positions in row-major (batch, sequence) order
      embeds = embeds.masked_scatter(imageMask.unsqueeze(-1).expand_as(embeds), features.to(embeds.scalar_type()));
    }
    RopeIndex rope = RopeIndex.compute(batch.inputIds(), batch.attentionMask(), batch.grids(),
        config.vision().spatialMergeSize(), config.imageTokenId(), config.visionStartTokenId());
    Tensor positions = HostTensors.longs(rope.flat(), 3, b, t);
    Tensor hidden = decoder.forward(embeds, positions, batch.attentionMask(), cache, tape);
    return new Hidden(features, rope, hidden);
  }

  /**
   * One decode step: {@code tokens} [B] at cache position c get position c + ropeDelta[b] on all
   * three axes (spec §5.3). {@code attentionMask} [B][c+1] covers the cache plus this token.
   * Returns logits [B, V].
   */
  public Tensor decodeStep(long[] tokens, long[][] attentionMask, long[] ropeDeltas, KvCache cache) {
    int b = tokens.length;
    long c = cache.length();
    long[] pos = new long[3 * b];
    for (int a = 0; a < 3; a++) for (int i = 0; i < b; i++) pos[a * b + i] = c + ropeDeltas[i];
    Tensor ids = HostTensors.longs(tokens, b, 1).to(compute.torchDevice(), org.bytedeco.pytorch.global.torch.ScalarType.Long);
    Tensor hidden = decoder.forward(decoder.embed(ids), HostTensors.longs(pos, 3, b, 1), attentionMask, cache);
    return decoder.logits(hidden.select(1, 0));
  }

  /** Writes config.json (copied from {@code sourceConfig}) and the weights under the Hub names. */
  public void save(Path dir, Path sourceConfig, long maxShardBytes) throws java.io.IOException {
    Files.createDirectories(dir);
    Files.copy(sourceConfig, dir.resolve("config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    weights.save(dir, config, maxShardBytes);
  }

  /** Frees the weights (and their file mapping); the model must not be used afterwards. */
  @Override
  public void close() {
    weights.close();
  }
}

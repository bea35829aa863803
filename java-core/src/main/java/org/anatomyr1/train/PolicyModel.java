// The model being trained, with what turns questions into batches: tokenizer, chat template, image
// processor (through VisualChat), rollouts without autograd, and the training forward that returns
// the hidden states of exactly the completion tokens ([N, H], with autograd).
package org.anatomyr1.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.torchinterop.HostTensors;
import org.anatomyr1.rollout.EncodedPrompt;
import org.anatomyr1.rollout.Generator;
import org.anatomyr1.rollout.SamplingSettings;
import org.anatomyr1.rollout.VisualChat;
import org.anatomyr1.text.QwenTokenizer;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

public final class PolicyModel implements AutoCloseable {
  private final Path sourceDir;
  private final VisualChat chat;
  private final QwenTokenizer tokenizer;
  private LoraAdapters lora; // null: full fine-tuning
  private int maxPromptTokens = Integer.MAX_VALUE;

  private PolicyModel(Path sourceDir, VisualChat chat, QwenTokenizer tokenizer) {
    this.sourceDir = sourceDir;
    this.chat = chat;
    this.tokenizer = tokenizer;
  }

  public static PolicyModel load(Path dir, ComputeSettings compute) {
    return new PolicyModel(dir, VisualChat.load(dir, compute), QwenTokenizer.load(dir));
  }

  public Qwen25VlModel model() {
    return chat.model();
  }

  /** Trains through LoRA adapters from now on (they are put into the decoder). */
  public void useLora(LoraAdapters adapters) {
    lora = adapters;
    adapters.attach(model().decoder());
  }

  /** The LoRA adapters, or null for full fine-tuning. */
  public LoraAdapters lora() {
    return lora;
  }

  public QwenTokenizer tokenizer() {
    return tokenizer;
  }

  public long endOfTurnId() {
    return tokenizer.tokenId("<|im_end|>");
  }

  /** Prompts longer than this many tokens (image pads included) are rejected. */
  public void setMaxPromptTokens(int max) {
    maxPromptTokens = max;
  }

  /** Left-padded prompt batch of one image + user text per row. */
  public Qwen25VlModel.Batch prompts(List<RgbImage> images, List<String> userTexts) {
    return prompts(encode(images, userTexts));
  }

  /** The left-padded batch of already encoded rows. */
  public Qwen25VlModel.Batch prompts(List<EncodedPrompt> rows) {
    return EncodedPrompt.batch(rows, model().config().padTokenId());
  }

  /** One unpadded row per image + user text (rendered and processed once, reusable for any batch). */
  public List<EncodedPrompt> encode(List<RgbImage> images, List<String> userTexts) {
    List<EncodedPrompt> rows = chat.encode(images, userTexts);
    for (int r = 0; r < rows.size(); r++) {
      long n = rows.get(r).ids().length;
      if (n > maxPromptTokens) {
        String text = userTexts.get(r);
        throw new IllegalArgumentException("prompt '" + text.substring(0, Math.min(60, text.length())).replace('\n', ' ')
            + "...' has " + n + " tokens, more than max_prompt_tokens = " + maxPromptTokens);
      }
    }
    return rows;
  }

  /** Sampled continuations, G per prompt row (rows b*G .. b*G+G-1), without autograd. */
  @SuppressWarnings("try")
  public Generator.Output generate(Qwen25VlModel.Batch batch, int groupSize, int maxNewTokens, SamplingSettings s) {
    try (NoGradGuard ng = new NoGradGuard()) {
      return new Generator(model()).generate(batch,
          new Generator.Settings(maxNewTokens, chat.stopIds(), groupSize, s, false));
    }
  }

  /** As above with each row's random stream given (data-parallel rollout: streams by global row index). */
  @SuppressWarnings("try")
  public Generator.Output generate(Qwen25VlModel.Batch batch, int groupSize, int maxNewTokens, SamplingSettings s,
      java.util.SplittableRandom[] rowRandom) {
    try (NoGradGuard ng = new NoGradGuard()) {
      return new Generator(model()).generate(batch,
          new Generator.Settings(maxNewTokens, chat.stopIds(), groupSize, s, false), rowRandom);
    }
  }

  /**
   * The completion up to (not including) its first vision special token (image/video pad, vision
   * start/end): such a token in the training forward would be taken for an image placeholder, so
   * a completion that samples one ends there (the reward sees the same shortened text).
   */
  public int usableLength(long[] tokens, int length) {
    var c = model().config();
    for (int i = 0; i < length; i++) {
      long t = tokens[i];
      if (t == c.imageTokenId() || t == c.videoTokenId() || t == c.visionStartTokenId() || t == c.visionEndTokenId()) {
        return i;
      }
    }
    return length;
  }

  public boolean isStop(long token) {
    return chat.stopIds().contains(token);
  }

  public String decode(long[] tokens, int length) {
    return tokenizer.decode(java.util.Arrays.copyOf(tokens, length), true);
  }

  /**
   * Prompt + completion rows for a training forward.
   *
   * @param batch prompts (left-padded) followed by the completions (right-padded, mask 0)
   * @param hiddenIndex [N] flat index (row * T + position) of the hidden state predicting each token
   * @param targets [N] the completion tokens
   * @param tokenRow [N] the row of each token
   */
  public record Sequences(Qwen25VlModel.Batch batch, long[] hiddenIndex, long[] targets, int[] tokenRow) {
    public int tokens() {
      return targets.length;
    }
  }

  /**
   * One row per (image, user text, completion). Completion tokens of rows with {@code include[r]}
   * false are in the batch (so shapes stay fixed) but not among the N trained tokens.
   */
  public Sequences sequences(List<RgbImage> images, List<String> userTexts, long[][] completions, int[] lengths,
      boolean[] include) {
    return sequences(encode(images, userTexts), completions, lengths, include);
  }

  /** As above from rows encoded once at rollout (no text is rendered and no image processed again). */
  public Sequences sequences(List<EncodedPrompt> prompts, long[][] completions, int[] lengths, boolean[] include) {
    Qwen25VlModel.Batch p = prompts(prompts);
    int rows = p.batchSize();
    int t = p.length();
    int l = 1;
    for (int len : lengths) l = Math.max(l, len);
    long pad = model().config().padTokenId();
    long[][] ids = new long[rows][t + l];
    long[][] mask = new long[rows][t + l];
    List<Long> index = new ArrayList<>();
    List<Long> targets = new ArrayList<>();
    List<Integer> tokenRow = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      System.arraycopy(p.inputIds()[r], 0, ids[r], 0, t);
      System.arraycopy(p.attentionMask()[r], 0, mask[r], 0, t);
      for (int j = 0; j < l; j++) {
        boolean real = j < lengths[r];
        ids[r][t + j] = real ? completions[r][j] : pad;
        mask[r][t + j] = real ? 1 : 0;
        if (real && include[r]) {
          index.add((long) r * (t + l) + t + j - 1); // position t+j-1 predicts token t+j
          targets.add(completions[r][j]);
          tokenRow.add(r);
        }
      }
    }
    return new Sequences(new Qwen25VlModel.Batch(ids, mask, p.pixelValues(), p.grids()),
        index.stream().mapToLong(Long::longValue).toArray(), targets.stream().mapToLong(Long::longValue).toArray(),
        tokenRow.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Hidden states [N, H] of the positions predicting the completion tokens (autograd on when enabled). */
  public static Tensor completionHidden(Qwen25VlModel model, Sequences s) {
    return completionHidden(model, s, null);
  }

  /** {@link #completionHidden(Qwen25VlModel, Sequences)} with gradient checkpointing through {@code tape} (null = off). */
  public static Tensor completionHidden(Qwen25VlModel model, Sequences s, org.anatomyr1.model.core.ActivationCheckpoints tape) {
    Tensor h = model.hiddenStates(s.batch(), null, tape).hidden(); // [B, T, H]
    Tensor flat = h.reshape(-1, h.size(2)); // [B*T, H]
    return flat.index_select(0, HostTensors.longs(s.hiddenIndex(), s.hiddenIndex().length)
        .to(model.compute().torchDevice(), org.bytedeco.pytorch.global.torch.ScalarType.Long));
  }

  /** Writes the current policy as an HF model directory (tokenizer/processor files copied from the source). */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(sourceDir)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (Files.isRegularFile(f) && !n.startsWith("model") && !n.endsWith(".safetensors") && !n.endsWith(".bin")) {
          Files.copy(f, dir.resolve(n), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.copy(sourceDir.resolve("config.json"), dir.resolve("config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    if (lora == null) {
      model().weights().save(dir, model().config(), 4L << 30);
      return;
    }
    // with LoRA: the adapters folded into plain weights one weight at a time, as the file is written
    lora.saveMerged(model().weights(), model().config(), dir, 4L << 30);
  }

  @Override
  public void close() {
    tokenizer.close();
    chat.close();
  }
}

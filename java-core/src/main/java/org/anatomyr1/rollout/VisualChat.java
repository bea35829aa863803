// A loaded model directory ready to answer questions about images: model, tokenizer, chat template
// and image processor of the same checkpoint. Builds the prompt batch (chat template with expanded
// image pads, left padding), generates, and decodes the answers with special tokens skipped.
package org.anatomyr1.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.text.ChatTemplate;
import org.anatomyr1.text.QwenTokenizer;

public final class VisualChat implements AutoCloseable {
  private final Qwen25VlModel model;
  private final QwenTokenizer tokenizer;
  private final ChatTemplate template;
  private final QwenImageProcessor processor;
  private final Set<Long> stopIds;
  private boolean ownsModel; // loaded here: close() frees it

  public VisualChat(Qwen25VlModel model, QwenTokenizer tokenizer, QwenImageProcessor processor, Set<Long> stopIds) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.template = ChatTemplate.of(tokenizer, model.config());
    this.processor = processor;
    this.stopIds = Set.copyOf(stopIds);
  }

  public static VisualChat load(Path modelDir, ComputeSettings compute) {
    Qwen25VlModel model = Qwen25VlModel.load(modelDir, compute);
    QwenTokenizer tokenizer = QwenTokenizer.load(modelDir);
    Set<Long> stop = new LinkedHashSet<>();
    for (int id : model.config().eosTokenIds()) stop.add((long) id);
    stop.add(tokenizer.tokenId("<|im_end|>"));
    Path gen = modelDir.resolve("generation_config.json");
    if (Files.exists(gen)) {
      try {
        JsonNode eos = new ObjectMapper().readTree(gen.toFile()).get("eos_token_id");
        if (eos != null && eos.isIntegralNumber()) stop.add(eos.asLong());
        if (eos != null && eos.isArray()) for (JsonNode e : eos) stop.add(e.asLong());
      } catch (IOException e) {
        throw new IllegalArgumentException(gen + ": cannot read: " + e.getMessage(), e);
      }
    }
    VisualChat chat = new VisualChat(model, tokenizer, QwenImageProcessor.forModelDir(modelDir), stop);
    chat.ownsModel = true;
    return chat;
  }

  public Qwen25VlModel model() {
    return model;
  }

  public Set<Long> stopIds() {
    return stopIds;
  }

  /** The model batch for one image + question per row (left-padded). */
  public Qwen25VlModel.Batch batch(List<RgbImage> images, List<String> questions) {
    return EncodedPrompt.batch(encode(images, questions), model.config().padTokenId());
  }

  /** One unpadded row per image + question: token ids and the image's pixel rows. */
  public List<EncodedPrompt> encode(List<RgbImage> images, List<String> questions) {
    if (images.size() != questions.size()) {
      throw new IllegalArgumentException(images.size() + " images but " + questions.size() + " questions");
    }
    QwenImageProcessor.Result pixels = processor.process(images);
    int merge = processor.settings().mergeSize();
    List<EncodedPrompt> rows = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < images.size(); i++) {
      long[] ids = tokenizer.encode(template.render(null, new long[] {pixels.tokens(i, merge)}, questions.get(i)));
      if (ids.length == 0) throw new IllegalArgumentException("prompt " + i + " encodes to no tokens");
      long[] g = pixels.gridThw()[i];
      int n = (int) (g[0] * g[1] * g[2]) * pixels.cols(); // the image's t*h*w patch rows
      rows.add(new EncodedPrompt(ids, java.util.Arrays.copyOfRange(pixels.pixelValues(), from, from + n), pixels.cols(), g));
      from += n;
    }
    return rows;
  }

  /** Answers for each (image, question), G answers per question in group order. */
  @SuppressWarnings("try")
  public List<String> answer(List<RgbImage> images, List<String> questions, int maxNewTokens, int groupSize,
      SamplingSettings sampling) {
    try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
      Qwen25VlModel.Batch batch = batch(images, questions);
      Generator.Output out = new Generator(model).generate(batch,
          new Generator.Settings(maxNewTokens, stopIds, groupSize, sampling, false));
      List<String> answers = new ArrayList<>();
      for (int r = 0; r < out.tokens().length; r++) {
        answers.add(tokenizer.decode(java.util.Arrays.copyOf(out.tokens()[r], out.lengths()[r]), true));
      }
      return answers;
    }
  }

  @Override
  public void close() {
    tokenizer.close();
    if (ownsModel) model.close();
  }
}

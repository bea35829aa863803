// The Qwen2-VL / Qwen2.5-VL chat template (chat_template.json, spec §6.1) rendered in Java for one
// user turn with images: default system prompt, `<|vision_start|>` + N x image pad + `<|vision_end|>`
// per image (N = t*h*w / merge^2, the processor's expansion), generation prompt for the assistant.
package org.anatomyr1.text;

public final class ChatTemplate {
  public static final String DEFAULT_SYSTEM = "You are a helpful assistant.";

  private final String imStart;
  private final String imEnd;
  private final String visionStart;
  private final String visionEnd;
  private final String imagePad;

  /** Token texts as the checkpoint's tokenizer names them (image/vision ids come from config.json). */
  public ChatTemplate(String imStart, String imEnd, String visionStart, String visionEnd, String imagePad) {
    this.imStart = imStart;
    this.imEnd = imEnd;
    this.visionStart = visionStart;
    this.visionEnd = visionEnd;
    this.imagePad = imagePad;
  }

  /** The template of a model: special token texts resolved through its tokenizer and config ids. */
  public static ChatTemplate of(QwenTokenizer tokenizer, org.anatomyr1.model.core.Qwen25VlConfig config) {
    return new ChatTemplate("<|im_start|>", "<|im_end|>", tokenizer.tokenText(config.visionStartTokenId()),
        tokenizer.tokenText(config.visionEndTokenId()), tokenizer.tokenText(config.imageTokenId()));
  }

  /**
   * One user message with images first, then the text; {@code imageTokens[i]} pads for image i.
   * {@code system} null uses the default system prompt.
   */
  public String render(String system, long[] imageTokens, String userText) {
    StringBuilder s = new StringBuilder();
    s.append(imStart).append("system\n").append(system == null ? DEFAULT_SYSTEM : system).append(imEnd).append('\n');
    s.append(imStart).append("user\n");
    for (long n : imageTokens) {
      s.append(visionStart);
      for (long k = 0; k < n; k++) s.append(imagePad);
      s.append(visionEnd);
    }
    s.append(userText).append(imEnd).append('\n');
    s.append(imStart).append("assistant\n");
    return s.toString();
  }
}

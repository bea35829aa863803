// Writes a small word-level tokenizer.json (Hugging Face tokenizers format) for generated models:
// words, single characters (spaces, newline, punctuation) and Qwen's special tokens under their
// Qwen names at the ids the model's config.json gives them; plus tokenizer_config.json with the chat
// template, so a tiny model goes through the same tokenizer + template path as a real checkpoint.
package org.anatomyr1.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.anatomyr1.model.core.Qwen25VlConfig;

public final class TinyTokenizerFactory {
  private TinyTokenizerFactory() {}

  public static final String UNK = "<unk>";

  /** Words every chat prompt needs (template roles and the default system prompt). */
  static final String[] TEMPLATE_WORDS = {"system", "user", "assistant", "You", "are", "a", "helpful"};

  /** The chat template (Jinja, for transformers) equivalent to {@link ChatTemplate}. */
  public static final String CHAT_TEMPLATE = "{% set image_count = namespace(value=0) %}{% for message in messages %}"
      + "{% if loop.first and message['role'] != 'system' %}<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
      + "{% endif %}<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}{{ message['content'] }}"
      + "<|im_end|>\n{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' %}"
      + "<|vision_start|><|image_pad|><|vision_end|>{% elif content['type'] == 'text' %}{{ content['text'] }}{% endif %}"
      + "{% endfor %}<|im_end|>\n{% endif %}{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

  /** Special token name -> id for a config; im_start takes {@code imStartId} (not in config.json). */
  public static Map<String, Integer> specialTokens(Qwen25VlConfig c, int imStartId) {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("<|endoftext|>", c.padTokenId());
    m.put("<|im_start|>", imStartId);
    if (c.eosTokenIds().length == 0) throw new IllegalArgumentException("config has no eos_token_id for <|im_end|>");
    m.put("<|im_end|>", c.eosTokenIds()[0]);
    m.put("<|vision_start|>", c.visionStartTokenId());
    m.put("<|vision_end|>", c.visionEndTokenId());
    m.put("<|image_pad|>", c.imageTokenId());
    if (c.videoTokenId() >= 0) m.put("<|video_pad|>", c.videoTokenId());
    if (new LinkedHashSet<>(m.values()).size() != m.size()) {
      throw new IllegalArgumentException("special token ids collide: " + m);
    }
    return m;
  }

  /** Regular tokens written for {@code words} (characters, template words, the words): sizes the vocabulary. */
  public static int regularTokenCount(Collection<String> words) {
    Set<String> all = new LinkedHashSet<>(words);
    for (String w : TEMPLATE_WORDS) all.add(w);
    int chars = 1 + 1; // <unk>, newline
    for (char ch = 32; ch < 127; ch++) if (!Character.isLetter(ch)) chars++;
    return chars + all.size();
  }

  /**
   * A complete tiny model directory (default tiny config sized to the words, random weights from
   * {@code seed}, tokenizer, chat template, processor config): the embedded default model.
   */
  public static Qwen25VlConfig writeTinyModel(Path dir, Collection<String> words, long seed,
      org.anatomyr1.image.QwenImageProcessor.Settings processor) {
    Qwen25VlConfig config = org.anatomyr1.model.TinyModelFactory.defaultTinyConfig(regularTokenCount(words));
    try (org.anatomyr1.model.core.ModelWeights weights = org.anatomyr1.model.TinyModelFactory.randomWeights(config, seed)) {
      org.anatomyr1.model.TinyModelFactory.save(dir, config, weights, processor, Long.MAX_VALUE);
    }
    write(dir, words, specialTokens(config, org.anatomyr1.model.TinyModelFactory.tinyImStartId(config)),
        config.text().vocabSize());
    return config;
  }

  /** Writes tokenizer.json and tokenizer_config.json into {@code dir}. */
  public static void write(Path dir, Collection<String> words, Map<String, Integer> special, int vocabSize) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = tokenizerJson(json, regularTokens(words), special, vocabSize);
    ObjectNode cfg = json.createObjectNode();
    cfg.put("tokenizer_class", "PreTrainedTokenizerFast");
    cfg.put("model_max_length", 32768);
    cfg.put("pad_token", nameOf(special, special.get("<|endoftext|>")));
    cfg.put("eos_token", "<|im_end|>");
    cfg.put("unk_token", UNK);
    cfg.put("chat_template", CHAT_TEMPLATE);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("tokenizer.json"), json.writeValueAsString(root) + "\n");
      Files.writeString(dir.resolve("tokenizer_config.json"), json.writeValueAsString(cfg) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tokenizer to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** <unk>, single non-letter characters, newline, digits, the template words, then {@code words}, in id order. */
  private static Set<String> regularTokens(Collection<String> words) {
    Set<String> regular = new LinkedHashSet<>();
    regular.add(UNK);
    for (char ch = 32; ch < 127; ch++) {
      if (!Character.isLetterOrDigit(ch)) regular.add(String.valueOf(ch));
    }
    regular.add("\n");
    for (char ch = '0'; ch <= '9'; ch++) regular.add(String.valueOf(ch));
    for (String w : TEMPLATE_WORDS) regular.add(w);
    for (String w : words) {
      if (w.isEmpty() || !w.codePoints().allMatch(Character::isLetterOrDigit)) {
        throw new IllegalArgumentException("vocabulary word '" + w + "' must be letters/digits only");
      }
      regular.add(w);
    }
    return regular;
  }

  /** tokenizer.json: a WordLevel model; regular tokens take the free ids in order, specials their own. */
  private static ObjectNode tokenizerJson(ObjectMapper json, Set<String> regular, Map<String, Integer> special,
      int vocabSize) {
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    ObjectNode vocab = json.createObjectNode();
    Set<Integer> used = new LinkedHashSet<>(special.values());
    int next = 0;
    for (String w : regular) {
      while (used.contains(next)) next++;
      if (next >= vocabSize) {
        throw new IllegalArgumentException(regular.size() + " regular tokens and " + special.size()
            + " special tokens do not fit vocab_size " + vocabSize);
      }
      vocab.put(w, next++);
    }
    for (Map.Entry<String, Integer> e : special.entrySet()) {
      if (e.getValue() < 0 || e.getValue() >= vocabSize) {
        throw new IllegalArgumentException("special token " + e.getKey() + " id " + e.getValue() + " outside vocab_size " + vocabSize);
      }
      vocab.put(e.getKey(), e.getValue());
      addSpecial(added.addObject(), e.getKey(), e.getValue());
    }
    root.putNull("normalizer");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "Split");
    pre.putObject("pattern").put("Regex", "[\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]");
    pre.put("behavior", "Isolated");
    pre.put("invert", false);
    root.putNull("post_processor");
    root.putObject("decoder").put("type", "Fuse"); // tokens carry their own spaces
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    model.set("vocab", vocab);
    model.put("unk_token", UNK);
    return root;
  }

  private static void addSpecial(ObjectNode t, String name, int id) {
    t.put("id", id);
    t.put("content", name);
    t.put("single_word", false);
    t.put("lstrip", false);
    t.put("rstrip", false);
    t.put("normalized", false);
    t.put("special", true);
  }

  private static String nameOf(Map<String, Integer> special, Integer id) {
    for (Map.Entry<String, Integer> e : special.entrySet()) if (e.getValue().equals(id)) return e.getKey();
    return UNK;
  }
}

// `anatomy-r1 generate`: answers a question about an image with a Qwen2.5-VL model directory
// (chat template, image processor, KV-cache generation; greedy by default) and prints the answer.
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.rollout.SamplingSettings;
import org.anatomyr1.rollout.VisualChat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Answer a question about an image with a Qwen2.5-VL model directory (prints the answer).")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Hugging Face model directory (config.json, weights, tokenizer.json)")
  Path model;

  @Option(names = "--image", required = true, description = "image file (PNG, JPEG)")
  Path image;

  @Option(names = "--question", required = true, description = "the question")
  String question;

  @Mixin
  DecodingOptions decoding;

  @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default ${DEFAULT-VALUE})")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", description = "0 = off (default ${DEFAULT-VALUE})")
  int topK;

  @Option(names = "--top-p", defaultValue = "1.0", description = "default ${DEFAULT-VALUE}")
  double topP;

  @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "1 = off (default ${DEFAULT-VALUE})")
  double repetitionPenalty;

  @Option(names = "--samples", defaultValue = "1", description = "answers per question, sharing one prefill (default ${DEFAULT-VALUE})")
  int samples;

  @Mixin
  ComputeOptions compute;

  @Override
  public Integer call() {
    SamplingSettings sampling = decoding.sampling(temperature, topK, topP, repetitionPenalty);
    RgbImage img = ImageFiles.read(image);
    ComputeSettings settings = compute.settings();
    try (VisualChat chat = VisualChat.load(model, settings)) {
      List<String> answers = chat.answer(List.of(img), List.of(question), decoding.maxNewTokens, samples, sampling);
      for (String a : answers) System.out.println(a);
    } catch (RuntimeException e) {
      throw ForwardCommand.oneLine(e);
    }
    return 0;
  }
}

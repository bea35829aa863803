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

  @Option(names = "--max-new-tokens", defaultValue = "128", description = "default ${DEFAULT-VALUE}")
  int maxNewTokens;

  @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default ${DEFAULT-VALUE})")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0", description = "0 = off (default ${DEFAULT-VALUE})")
  int topK;

  @Option(names = "--top-p", defaultValue = "1.0", description = "default ${DEFAULT-VALUE}")
  double topP;

  @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "1 = off (default ${DEFAULT-VALUE})")
  double repetitionPenalty;

  @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--samples", defaultValue = "1", description = "answers per question, sharing one prefill (default ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--dtype", defaultValue = "fp32", description = "fp32, bf16, fp16 (default ${DEFAULT-VALUE})")
  String dtype;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda, cuda:N (default ${DEFAULT-VALUE})")
  String device;

  @Override
  public Integer call() {
    SamplingSettings sampling = new SamplingSettings(temperature, topK, topP, repetitionPenalty, seed);
    RgbImage img = ImageFiles.read(image);
    ComputeSettings compute = new ComputeSettings(ComputeSettings.parseDtype(dtype), device);
    try (VisualChat chat = VisualChat.load(model, compute)) {
      List<String> answers = chat.answer(List.of(img), List.of(question), maxNewTokens, samples, sampling);
      for (String a : answers) System.out.println(a);
    } catch (RuntimeException e) {
      throw ForwardCommand.oneLine(e);
    }
    return 0;
  }
}

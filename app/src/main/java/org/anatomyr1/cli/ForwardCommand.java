// `anatomy-r1 forward`: the debugging/parity tool. Runs a model directory on a request file and
// dumps the intermediate and final tensors to a safetensors file (format: shared/golden/README.md).
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.modeltools.ForwardDump;
import org.anatomyr1.modeltools.ForwardRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "forward", mixinStandardHelpOptions = true,
    description = "Run a Qwen2.5-VL model directory on a request (input_ids, attention_mask, images,"
        + " max_new_tokens) and dump pixel_values, image_grid_thw, vision_features, position_ids,"
        + " rope_deltas, logits and generated_ids to a safetensors file.")
final class ForwardCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Hugging Face model directory (config.json, *.safetensors)")
  Path model;

  @Option(names = "--request", required = true, description = "request JSON (paths in it are relative to it)")
  Path request;

  @Option(names = "--out", required = true, description = "output .safetensors file")
  Path out;

  @Option(names = "--dtype", defaultValue = "fp32", description = "compute dtype: fp32, bf16, fp16 (default ${DEFAULT-VALUE})")
  String dtype;

  @Option(names = "--device", defaultValue = "cpu", description = "LibTorch device: cpu, cuda, cuda:N (default ${DEFAULT-VALUE})")
  String device;

  @Override
  public Integer call() {
    ComputeSettings compute = new ComputeSettings(ComputeSettings.parseDtype(dtype), device);
    ForwardRequest req = ForwardRequest.read(request);
    try {
      try (Qwen25VlModel m = Qwen25VlModel.load(model, compute)) {
        req.requireImagePadBlocks(request, m.config().imageTokenId()); // before any tensor work
        ForwardDump.run(m, QwenImageProcessor.forModelDir(model), req, out);
      }
    } catch (RuntimeException e) {
      throw oneLine(e);
    }
    System.out.println("wrote " + out);
    return 0;
  }

  /**
   * LibTorch errors arrive as RuntimeExceptions whose message carries the whole C++ backtrace;
   * keep its first line so the CLI still reports one line (AR1_DEBUG=1 shows the cause).
   */
  static RuntimeException oneLine(RuntimeException e) {
    String m = e.getMessage();
    if (m == null || !m.contains("\n")) return e;
    return new IllegalStateException("LibTorch: " + m.substring(0, m.indexOf('\n')), e);
  }
}

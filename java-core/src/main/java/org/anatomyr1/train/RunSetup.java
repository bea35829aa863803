// What both trainers do before the first step: device check, run directory with config.yaml, the
// policy (from the model or the resume checkpoint), trainable parameters and the optimizer.
package org.anatomyr1.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.anatomyr1.dist.Collective;
import org.anatomyr1.dist.SingleProcessCollective;
import org.anatomyr1.kernels.Backends;
import org.anatomyr1.model.ComputeSettings;

final class RunSetup {
  final TrainConfig config;
  final Path runDir;
  final PolicyModel policy;
  final Optimization optimization;
  final Checkpoints.State resumed; // null for a fresh run
  final MetricsWriter metrics;
  final Collective collective = new SingleProcessCollective();

  RunSetup(TrainConfig c, int totalSteps) {
    this.config = c.requireInputs();
    checkDevice(c);
    if (!Files.isDirectory(c.model())) throw new IllegalArgumentException("config key 'model': " + c.model() + " is not a directory");
    if (!Files.isRegularFile(c.dataTrain())) throw new IllegalArgumentException("config key 'data.train': " + c.dataTrain() + " is not a file");
    runDir = c.runDir();
    try {
      Files.createDirectories(runDir);
      Files.writeString(runDir.resolve("config.yaml"), c.toYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(runDir + ": cannot create the run directory: " + e.getMessage(), e);
    }
    ComputeSettings compute = new ComputeSettings(ComputeSettings.parseDtype(c.dtype()), c.device());
    resumed = c.resume() == null ? null : Checkpoints.read(c.resume());
    TrainableParameters params;
    if (c.loraRank() > 0) { // the base model stays as given; a checkpoint contributes the adapters
      policy = PolicyModel.load(c.model(), compute);
      LoraAdapters lora = LoraAdapters.create(policy.model().weights(), policy.model().config(), c.loraTargets(),
          c.loraRank(), c.loraAlpha(), c.seed());
      if (resumed != null) lora.load(resumed.loraDir());
      policy.useLora(lora);
      params = TrainableParameters.lora(policy.model().weights(), lora);
    } else {
      policy = PolicyModel.load(resumed == null ? c.model() : c.resume(), compute);
      params = TrainableParameters.select(policy.model().weights(), c.trainVision(), c.trainEmbeddings());
    }
    policy.setMaxPromptTokens(c.maxPromptTokens());
    AdamW adam = new AdamW(c.adamBeta1(), c.adamBeta2(), c.adamEps(), c.weightDecay());
    metrics = new MetricsWriter(runDir.resolve("metrics.jsonl"));
    try {
      if (resumed != null) {
        adam.restore(resumed.optimizerDir(), resumed.adamSteps());
        if (Files.exists(resumed.metrics())) {
          Files.copy(resumed.metrics(), metrics.file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.deleteIfExists(metrics.file());
        }
      } else {
        Files.deleteIfExists(metrics.file());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(metrics.file() + ": " + e.getMessage(), e);
    }
    optimization = new Optimization(params, adam, new LrSchedule(c.lr(), c.warmup(), totalSteps,
        c.schedule().equals("cosine")), c.gradClip(), collective);
  }

  /** "cuda" without a usable GPU fails here with the reason; sets the LibTorch CPU threads. */
  static void checkDevice(TrainConfig c) {
    Backends.select(c.device());
    org.anatomyr1.model.ComputeThreads.apply(c.threads());
  }

  int firstStep() {
    return resumed == null ? 0 : resumed.step();
  }

  /** Writes final/ (the trained policy as an HF model directory). */
  void saveFinal() {
    try {
      Path fin = runDir.resolve("final");
      Checkpoints.deleteTree(fin);
      policy.save(fin);
    } catch (IOException e) {
      throw new UncheckedIOException(runDir + "/final: cannot write: " + e.getMessage(), e);
    }
  }
}

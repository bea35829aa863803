// What both trainers do before the first step: device check, a validated resume point, the locked run
// directory with config.yaml, the policy (from the model or the resume checkpoint), trainable
// parameters and the optimizer; and the last thing of a run, final/.
package org.anatomyr1.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.anatomyr1.dist.Collective;
import org.anatomyr1.io.DurableFiles;
import org.anatomyr1.kernels.Backends;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.io.FiniteTensors;

final class RunSetup implements AutoCloseable {
  final TrainConfig config;
  final Path runDir;
  final PolicyModel policy;
  final Optimization optimization;
  final Checkpoints.State resumed; // null for a fresh run
  final MetricsWriter metrics;
  final Collective collective; // world size 1 unless started by launch, torchrun or srun
  /** Rank 0 owns the run directory: its lock, config.yaml, metrics, checkpoints and final/. */
  final boolean writer;
  /** "sft" or "rl", and the algorithm (sft-answer, sft-cot, grpo, dapo, ...): recorded in checkpoints. */
  final String kind;
  final String algorithm;
  private final RunDirectory directory; // null on ranks other than 0

  /** An RL run (the kind of the GRPO-family trainer). */
  RunSetup(TrainConfig c, int totalSteps) {
    this(c, totalSteps, "rl");
  }

  RunSetup(TrainConfig c, int totalSteps, String kind) {
    this.config = c.requireInputs();
    this.kind = kind;
    this.algorithm = kind.equals("sft") ? "sft-" + c.sftMode() : c.algo();
    checkDevice(c);
    if (!Files.isDirectory(c.model())) throw new IllegalArgumentException("config key 'model': " + c.model() + " is not a directory");
    if (!Files.isRegularFile(c.dataTrain())) throw new IllegalArgumentException("config key 'data.train': " + c.dataTrain() + " is not a file");
    RunSafetyKeys keys = RunSafetyKeys.of(c);
    // the resume point is checked before anything is created or locked, so a refused resume changes nothing
    resumed = c.resume() == null ? null : Checkpoints.readForResume(c.resume(), kind, algorithm, totalSteps);
    runDir = c.runDir();
    collective = DataParallel.join(c);
    writer = DataParallel.writes(collective);
    directory = writer ? RunDirectory.open(runDir, resumed != null, keys.overwrite(), System.out) : null;
    try {
      if (writer) DurableFiles.writeString(runDir.resolve("config.yaml"), c.toYaml());
      ComputeSettings compute = new ComputeSettings(ComputeSettings.parseDtype(c.dtype()), c.device());
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
      if (resumed != null) {
        if (resumed.adamSteps() > 0) FiniteTensors.requireAll(resumed.optimizerDir()); // NaN moments would reach every weight
        adam.restore(resumed.optimizerDir(), resumed.adamSteps());
        if (writer) restoreMetrics(); // other ranks leave metrics.jsonl to rank 0
      } else if (writer) {
        Files.deleteIfExists(metrics.file());
      }
      optimization = new Optimization(params, adam, new LrSchedule(c.lr(), c.warmup(), totalSteps,
          c.schedule().equals("cosine")), c.gradClip(), collective);
      optimization.stopAfterNonFiniteSteps(keys.maxNonFiniteSteps());
      optimization.scaleVisionLr(c.get(ConfigKeys.VISION_LR_SCALE));
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(runDir + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * metrics.jsonl holds exactly the steps up to the checkpoint: the checkpoint's own copy where it has
   * one, else this run's file cut back (a torn last line of a killed run is dropped as well).
   */
  private void restoreMetrics() throws IOException {
    int step = resumed.step();
    if (Files.isRegularFile(resumed.metrics())) {
      java.util.List<String> lines = MetricsWriter.linesUpTo(resumed.metrics(), step);
      DurableFiles.write(metrics.file(), out -> {
        for (String l : lines) out.write((l + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      });
    } else {
      metrics.truncateAfter(step);
    }
  }

  /** Restores the curriculum scheduler's state of a resumed run; an error names the state file. */
  void restoreScheduler(org.anatomyr1.curriculum.PromptScheduler scheduler) {
    if (resumed == null || resumed.schedulerJson().isEmpty()) return;
    try {
      scheduler.restore(resumed.schedulerJson());
    } catch (RuntimeException e) {
      close();
      throw new IllegalArgumentException(config.resume().resolve(Checkpoints.STATE_DIR).resolve("state.json")
          + ": field 'scheduler': " + org.anatomyr1.io.ParseErrors.firstLine(e.getMessage()), e);
    }
  }

  /** "cuda" without a usable GPU fails here with the reason; sets the LibTorch CPU threads. */
  static void checkDevice(TrainConfig c) {
    Backends.select(c.device());
    org.anatomyr1.model.ComputeThreads.apply(c.threads());
  }

  int firstStep() {
    return resumed == null ? 0 : resumed.step();
  }

  /**
   * Writes final/ (the trained policy as an HF model directory) into a temporary sibling, fsyncs and
   * swaps it into place; the last write of a run, so it also releases the run directory's lock.
   */
  void saveFinal() {
    collective.barrier(); // every rank has finished its last step
    if (!writer) return;
    Path fin = runDir.resolve("final");
    Path tmp = DurableFiles.temporaryDirectoryFor(fin);
    try {
      DurableFiles.deleteTree(tmp);
      policy.save(tmp);
      DurableFiles.publishDirectory(tmp, fin);
    } catch (IOException e) {
      throw new UncheckedIOException(runDir + "/final: cannot write: " + e.getMessage(), e);
    } finally {
      close();
    }
  }

  /** Releases the run directory (idempotent). */
  @Override
  public void close() {
    if (directory != null) directory.close();
  }
}

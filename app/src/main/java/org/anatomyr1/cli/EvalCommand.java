// `anatomy-r1 eval`: Pass@1 (greedy), Avg@k, Major@k and Pass@k of a model directory on a dataset,
// per category and overall, with chance and the text-only baseline; writes predictions + tables.
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.anatomyr1.data.Datasets;
import org.anatomyr1.data.ReadResult;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.eval.EvalFiles;
import org.anatomyr1.eval.EvalResult;
import org.anatomyr1.eval.EvalSettings;
import org.anatomyr1.eval.EvalTables;
import org.anatomyr1.eval.Evaluator;
import org.anatomyr1.rollout.VisualChat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate a model directory on a multiple-choice dataset (Pass@1, Avg@k, Major@k, Pass@k).")
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Hugging Face model directory")
  Path model;

  @Option(names = "--data", required = true, description = "dataset file")
  Path data;

  @Option(names = "--format", defaultValue = "auto", description = "canonical, swift, omnimed, auto (default ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--images-root", description = "root for image references (default: the dataset file's folder)")
  Path imagesRoot;

  @Option(names = "--strict", description = "any bad record is fatal (default: skipped, counted and named)")
  boolean strict;

  @Option(names = "--k", defaultValue = "5", description = "samples per item for Avg@k / Major@k / Pass@k (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--out", description = "folder for predictions.jsonl, eval.json, eval.md (default: print only)")
  Path out;

  @Option(names = "--limit", description = "evaluate the first N items only")
  Integer limit;

  @Option(names = "--train-data", description = "training file: report train/test leakage against it (fatal only with --strict)")
  Path trainData;

  @Mixin
  DecodingOptions decoding;

  @Option(names = "--temperature", defaultValue = "0.9", description = "of the k samples (default ${DEFAULT-VALUE})")
  double temperature;

  @Option(names = "--top-k", defaultValue = "50", description = "default ${DEFAULT-VALUE}")
  int topK;

  @Option(names = "--top-p", defaultValue = "0.9", description = "default ${DEFAULT-VALUE}")
  double topP;

  @Option(names = "--batch-size", defaultValue = "64", description = "prompts per generation batch (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--label", description = "model name in the tables (default: the model folder's name)")
  String label;

  @Mixin
  ComputeOptions compute;

  @Option(names = "--threads", defaultValue = "1",
      description = "CPU threads of LibTorch, OpenBLAS and the kernels; 0 = all cores (default ${DEFAULT-VALUE})")
  int threads;

  @Override
  public Integer call() {
    if (threads < 0) throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
    org.anatomyr1.model.ComputeThreads.apply(threads);
    if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    ReadResult read = Datasets.read(data, format);
    org.anatomyr1.data.SkippedRecords.report(read, strict, System.out); // "N of M records skipped", or fatal
    List<VqaSample> items = read.samples();
    if (limit != null && items.size() > limit) items = items.subList(0, limit);
    if (items.isEmpty()) throw new IllegalArgumentException(data + ": no usable items (" + read.problems().size() + " problems)");
    if (trainData != null) LeakageReport.run(trainData, "auto", items, data, imagesRoot, strict, System.out); // before the model loads
    Path imageDir = imagesRoot != null ? imagesRoot : data.toAbsolutePath().getParent();
    String name = label != null ? label : String.valueOf(model.toAbsolutePath().normalize().getFileName());
    EvalSettings settings = new EvalSettings(k, decoding.maxNewTokens, decoding.sampling(temperature, topK, topP, 1.0),
        batchSize, compute.settings(), imageDir, out, name);
    EvalResult result;
    try (VisualChat chat = VisualChat.load(model, settings.compute())) {
      int total = items.size();
      result = Evaluator.evaluate(chat, model.toString(), items, settings,
          done -> System.err.printf("\reval %s: %d/%d items", name, done, total));
      System.err.println();
    } catch (RuntimeException e) {
      throw ForwardCommand.oneLine(e);
    }
    if (out != null) EvalFiles.write(result, out);
    System.out.print(EvalTables.categoryTable(result));
    System.out.printf(java.util.Locale.ROOT, "%d items, k=%d, %.1f s; greedy without an answer: %s%%%s%n",
        result.predictions().size(), k, result.seconds(), EvalTables.pct(result.greedyNoAnswer()),
        read.rejected() > 0 ? "; " + read.rejected() + " invalid records skipped" : "");
    if (out != null) System.out.println("wrote " + out.resolve(EvalFiles.SUMMARY) + ", " + EvalFiles.PREDICTIONS + ", " + EvalFiles.TABLE);
    return 0;
  }
}

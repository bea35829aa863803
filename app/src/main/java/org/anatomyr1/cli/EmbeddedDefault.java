// The embedded default of `demo` and `experiments`: a synthetic anatomy dataset and a random tiny
// Qwen2.5-VL model directory whose vocabulary covers its prompts, written into a run directory,
// plus the evaluation of any model directory on its test split.
package org.anatomyr1.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.data.synth.QuestionEngine;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;
import org.anatomyr1.eval.EvalFiles;
import org.anatomyr1.eval.EvalResult;
import org.anatomyr1.eval.EvalSettings;
import org.anatomyr1.eval.EvalTables;
import org.anatomyr1.eval.Evaluator;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.rollout.VisualChat;
import org.anatomyr1.text.TinyTokenizerFactory;

final class EmbeddedDefault {
  static final int IMAGE_SIDE = 112;
  static final int QUESTIONS_PER_SCENE = 3;
  static final int EVAL_BATCH = 64; // decoding cost is mostly per step, so wide batches are cheap

  final Path run;
  final Path data;
  final Path initModel;
  final List<VqaSample> train;
  final List<VqaSample> test;
  private final long start; // System.nanoTime() when the run began
  private final String tag; // before every log line: "seed 1: " when runs of several seeds share the console

  private EmbeddedDefault(long start, Path run, Path data, Path initModel, List<VqaSample> train, List<VqaSample> test) {
    this(start, "", run, data, initModel, train, test);
  }

  private EmbeddedDefault(long start, String tag, Path run, Path data, Path initModel, List<VqaSample> train,
      List<VqaSample> test) {
    this.start = start;
    this.tag = tag;
    this.run = run;
    this.data = data;
    this.initModel = initModel;
    this.train = train;
    this.test = test;
  }

  /** The same run whose log lines start with {@code tag}. */
  EmbeddedDefault tagged(String tag) {
    return new EmbeddedDefault(start, tag, run, data, initModel, train, test);
  }

  /** runs/&lt;prefix&gt;-&lt;timestamp&gt; under the working directory. */
  static Path defaultRunDir(String prefix) {
    return Path.of("runs", prefix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** Writes run/data (synthetic items, train/val/test) and run/model-init (tiny model), logging each stage. */
  static EmbeddedDefault create(Path run, int items, long seed) throws java.io.IOException {
    return create(run, items, seed, DEFAULT_FAMILIES);
  }

  /**
   * The default question family: IDENTIFY, answerable only from the image. The SSG-VQA-style
   * families (colour_name names the class through its colour word: a text-only leak) stay available.
   */
  static final java.util.Set<QuestionEngine.Family> DEFAULT_FAMILIES = java.util.EnumSet.of(QuestionEngine.Family.IDENTIFY);

  static EmbeddedDefault create(Path run, int items, long seed, java.util.Set<QuestionEngine.Family> families)
      throws java.io.IOException {
    return create(run, items, seed, families, "test");
  }

  /** As above, evaluating on {@code evalSplit} (val while choosing settings, test otherwise). */
  static EmbeddedDefault create(Path run, int items, long seed, java.util.Set<QuestionEngine.Family> families,
      String evalSplit) throws java.io.IOException {
    Files.createDirectories(run);
    EmbeddedDefault d = new EmbeddedDefault(System.nanoTime(), run, run.resolve("data"), run.resolve("model-init"),
        null, null);
    d.stage("synthetic data");
    var synth = new SyntheticAnatomyGenerator(
        new SyntheticAnatomyGenerator.Config(items, seed, IMAGE_SIDE, QUESTIONS_PER_SCENE, families)).write(d.data);
    List<VqaSample> train = synth.splits().get("train");
    List<VqaSample> test = synth.splits().get(evalSplit);
    System.out.printf("  %d scenes: %d train, %d val, %d test items%n", synth.scenes(), train.size(),
        synth.splits().get("val").size(), test.size());
    d.stage("tiny Qwen2.5-VL model");
    List<VqaSample> all = new ArrayList<>();
    synth.splits().values().forEach(all::addAll);
    TinyTokenizerFactory.writeTinyModel(d.initModel, QuestionPrompt.vocabulary(all), seed, processor());
    return new EmbeddedDefault(d.start, run, d.data, d.initModel, train, test);
  }

  static final String BLANK_IMAGE = "images/blank.png";

  /**
   * The text-only copies: data/blank.png (uniform mid-grey) and data/train-blank.jsonl, with every
   * item pointing at it; returns the evaluated split's items with the blank image. A model trained
   * and evaluated on these sees the question and options only.
   */
  List<VqaSample> writeBlankCopies() {
    byte[] grey = new byte[IMAGE_SIDE * IMAGE_SIDE * 3];
    java.util.Arrays.fill(grey, (byte) 128);
    org.anatomyr1.image.ImageFiles.writePng(data.resolve(BLANK_IMAGE), new org.anatomyr1.image.RgbImage(IMAGE_SIDE, IMAGE_SIDE, grey));
    org.anatomyr1.data.CanonicalJsonl.write(blankTrainFile(), train.stream().map(x -> x.withImage(BLANK_IMAGE, List.of())).toList());
    return test.stream().map(x -> x.withImage(BLANK_IMAGE, List.of())).toList();
  }

  Path blankTrainFile() {
    return data.resolve("train-blank.jsonl").toAbsolutePath();
  }

  Path trainFile() {
    return data.resolve("train.jsonl").toAbsolutePath();
  }

  /** Settings of every evaluation of a run: k samples, the completion budget, a fixed seed. */
  EvalSettings evalSettings(int k, int maxNewTokens, long seed) {
    return new EvalSettings(k, maxNewTokens, EvalSettings.paperSampling(seed + 1), EVAL_BATCH, ComputeSettings.cpuFloat32(),
        data, null, "model");
  }

  /** Evaluates {@code model} on the test split, writes run/eval/&lt;label&gt;/ and prints one line. */
  EvalResult evaluate(Path model, String label, EvalSettings s) {
    return evaluate(model, label, s, test);
  }

  /** As above on {@code items} (e.g. the blank-image copy of the test split). */
  EvalResult evaluate(Path model, String label, EvalSettings s, List<VqaSample> items) {
    stage("evaluate " + label + " (" + items.size() + " items, greedy + " + s.k() + " samples)");
    EvalResult r;
    try (VisualChat chat = VisualChat.load(model, s.compute())) {
      r = Evaluator.evaluate(chat, model.toString(), items, s.withLabel(label), done -> {});
    }
    EvalFiles.write(r, run.resolve("eval").resolve(label));
    System.out.printf(Locale.ROOT, "  %s%s: Pass@1 %s, Avg@%d %s, Major@%d %s (%.1f s)%n", tag, label,
        EvalTables.pct(r.overall().pass1()), s.k(), EvalTables.pct(r.overall().avgAtK()), s.k(),
        EvalTables.pct(r.overall().majorAtK()), r.seconds());
    return r;
  }

  void stage(String what) {
    System.out.printf(Locale.ROOT, "[%6.1f s] %s%s%n", seconds(), tag, what);
  }

  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  /** 112 px frames stay 112 px: 8 x 8 patches, 16 image tokens after the 2 x 2 merge. */
  static QwenImageProcessor.Settings processor() {
    QwenImageProcessor.Settings d = QwenImageProcessor.Settings.defaults();
    return new QwenImageProcessor.Settings(56 * 56, (long) IMAGE_SIDE * IMAGE_SIDE, d.patchSize(), d.temporalPatchSize(),
        d.mergeSize(), d.imageMean(), d.imageStd(), d.rescaleFactor(), true, true, true);
  }
}

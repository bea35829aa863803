// `anatomy-r1 data validate|convert`: check a dataset (text, images, chance level, text-only
// baseline) or convert it to the canonical JSONL format. Parses and wires; work is in data/.
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.DatasetValidator;
import org.anatomyr1.data.Datasets;
import org.anatomyr1.data.ImagePaths;
import org.anatomyr1.data.Problem;
import org.anatomyr1.data.ReadResult;
import org.anatomyr1.data.VqaSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Validate or convert medical VQA datasets.",
    subcommands = {DataCommand.Validate.class, DataCommand.Convert.class})
final class DataCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** Options shared by both subcommands: input file, format and OmniMedVQA filters. */
  static final class Input {
    @Parameters(index = "0", paramLabel = "FILE", description = "dataset file")
    Path file;

    @Option(names = "--format", defaultValue = "auto",
        description = "canonical | swift | omnimed | auto (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--modality", description = "OmniMedVQA: keep this modality_type (e.g. 'Microscopy Images')")
    String modality;

    @Option(names = "--question-type", description = "OmniMedVQA: keep this question_type (e.g. 'Anatomy Identification')")
    String questionType;

    ReadResult read() {
      return Datasets.read(file, format, modality, questionType);
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Report counts, every problem (file, record, field), chance level and a text-only baseline.")
  static final class Validate implements Callable<Integer> {
    @picocli.CommandLine.Mixin Input input = new Input();

    @Option(names = "--images-root", description = "root for image paths (default: relative to the file)")
    Path imagesRoot;

    @Option(names = "--no-images", description = "skip image checks (text only)")
    boolean noImages;

    @Option(names = "--strict", description = "fail (exit 2) on any problem")
    boolean strict;

    @Option(names = "--max-problems", defaultValue = "-1", description = "problems to list; -1 = all (default)")
    int maxProblems;

    @Option(names = "--against", description = "training file: report train/test leakage of this file against it (fatal only with --strict)")
    Path against;

    @Override
    public Integer call() {
      ReadResult read = input.read();
      DatasetValidator.Report report = DatasetValidator.validate(read, imagesRoot, !noImages);
      report.lines(maxProblems).forEach(System.out::println);
      if (read.records() == 0) throw new IllegalArgumentException(input.file + ": 0 records (an empty dataset)");
      if (strict && !report.problems().isEmpty()) {
        throw new IllegalStateException("--strict: " + report.problems().size() + " problem(s) in " + input.file);
      }
      if (against != null) LeakageReport.run(against, "auto", read.samples(), input.file, imagesRoot, strict, System.out);
      if (read.rejected() > 0) {
        System.out.println("skipped " + read.rejected() + " record(s) with text problems (listed above)");
      }
      return 0;
    }
  }

  @Command(name = "convert", mixinStandardHelpOptions = true,
      description = "Write the text-valid records as canonical JSONL (image paths made relative to the output).")
  static final class Convert implements Callable<Integer> {
    @picocli.CommandLine.Mixin Input input = new Input();

    @Option(names = "--out", required = true, description = "output .jsonl")
    Path out;

    @Option(names = "--images-root", description = "root for the source's image paths; converted paths point there")
    Path imagesRoot;

    @Option(names = "--strict", description = "fail on any record with a text problem")
    boolean strict;

    @Option(names = "--allow-missing-images", description = "write records whose image files do not exist (default: refuse)")
    boolean allowMissingImages;

    @Override
    public Integer call() {
      org.anatomyr1.io.DurableFiles.refuseOverwritingInput("--out", out, input.file);
      ReadResult read = input.read();
      List<Problem> text = read.problems().stream().filter(p -> p.kind() == Problem.Kind.TEXT).toList();
      if (strict && !text.isEmpty()) {
        throw new IllegalStateException("--strict: " + text.size() + " problem(s), first: " + text.get(0));
      }
      Path outDir = out.toAbsolutePath().getParent();
      List<VqaSample> converted = new ArrayList<>();
      for (VqaSample s : read.samples()) {
        if (s.image() != null && imagesRoot != null) {
          Path img = ImagePaths.resolve(s.image(), read.file(), imagesRoot).toAbsolutePath().normalize();
          s = s.withImage(outDir.relativize(img).toString(), s.objects());
        } else if (s.image() != null && read.format() == org.anatomyr1.data.DatasetFormat.CANONICAL) {
          Path img = ImagePaths.resolve(s.image(), read.file(), null).toAbsolutePath().normalize();
          s = s.withImage(outDir.relativize(img).toString(), s.objects());
        }
        converted.add(s);
      }
      if (!allowMissingImages) org.anatomyr1.data.MissingImages.refuse(read, imagesRoot);
      CanonicalJsonl.write(out, converted);
      text.forEach(p -> System.out.println("  skipped: " + p));
      System.out.println("wrote " + converted.size() + " of " + read.records() + " records to " + out
          + (read.rejected() > 0 ? " (" + read.rejected() + " skipped, listed above)" : ""));
      return 0;
    }
  }
}

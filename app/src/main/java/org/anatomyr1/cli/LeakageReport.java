// The leakage report shared by `eval --train-data` and `data validate --against`: reads the training
// file, compares, prints counts and first pairs; under --strict any leak is fatal (one line).
package org.anatomyr1.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.Datasets;
import org.anatomyr1.data.LeakageCheck;
import org.anatomyr1.data.ReadResult;
import org.anatomyr1.data.TrainSplit;
import org.anatomyr1.data.VqaSample;

final class LeakageReport {
  private LeakageReport() {}

  /** Training images resolve next to the training file; test images by {@code testImagesRoot} (null: next to it). */
  static LeakageCheck.Report run(Path trainFile, String format, List<VqaSample> test, Path testFile,
      Path testImagesRoot, boolean strict, PrintStream out) {
    ReadResult train = Datasets.read(trainFile, format);
    List<VqaSample> trainItems = train.samples().stream().filter(TrainSplit::isTrain).toList(); // what training uses
    LeakageCheck.Report r = LeakageCheck.check(trainItems, trainFile, null, test, testFile, testImagesRoot);
    r.print(out, testFile, trainFile);
    if (strict && r.leaks()) {
      throw new IllegalStateException("--strict: " + testFile + " leaks training items of " + trainFile + " ("
          + r.exactImages().size() + " same image, " + r.nearImages().size() + " near-duplicate image, "
          + r.sameText().size() + " same text)");
    }
    return r;
  }
}

// `anatomy-r1 difficulty`: score every item with ASC's S(q), bin them, write the dataset with
// `difficulty` and `bin`, print the bin table. Parses and wires; work is in curriculum/.
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.anatomyr1.curriculum.BinTable;
import org.anatomyr1.curriculum.CachedTextEncoder;
import org.anatomyr1.curriculum.DifficultyBins;
import org.anatomyr1.curriculum.DifficultyScorer;
import org.anatomyr1.curriculum.TextEncoders;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.ReadResult;
import org.anatomyr1.data.VqaSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "difficulty", mixinStandardHelpOptions = true,
    description = "Score S(q) = max cos(correct, distractor) per item, bin by difficulty, write canonical JSONL.")
final class DifficultyCommand implements Callable<Integer> {
  @Mixin
  DataOptions dataset;

  @Option(names = "--bins", defaultValue = "4", description = "number of quantile bins (default: ${DEFAULT-VALUE})")
  int bins;

  @Option(names = "--edges", description = "fixed interior bin edges instead of quantiles, e.g. 0.6,0.65,0.7")
  String edges;

  @Option(names = "--encoder", defaultValue = TextEncoders.DEFAULT,
      description = "text encoder: a registered name or onnx:DIR[?pooling=mean|cls] (default: ${DEFAULT-VALUE})")
  String encoder;

  @Option(names = "--out", required = true, description = "output .jsonl (canonical, with difficulty and bin)")
  Path out;

  @Option(names = "--strict", description = "any bad record is fatal (default: skipped, counted and named)")
  boolean strict;

  @Override
  public Integer call() {
    org.anatomyr1.io.DurableFiles.refuseOverwritingInput("--out", out, dataset.data);
    ReadResult read = dataset.read();
    org.anatomyr1.data.SkippedRecords.report(read, strict, System.out);
    if (read.samples().isEmpty()) throw new IllegalArgumentException(dataset.data + ": no valid items to score");
    long t0 = System.nanoTime();
    List<VqaSample> scored;
    int distinct;
    try (CachedTextEncoder enc = new CachedTextEncoder(TextEncoders.create(encoder))) {
      scored = new DifficultyScorer(enc).scoreAll(read.samples());
      distinct = enc.size();
    }
    double[] s = scored.stream().mapToDouble(VqaSample::difficulty).toArray();
    DifficultyBins b = edges != null ? DifficultyBins.parseEdges(edges) : DifficultyBins.quantiles(s, bins);
    List<VqaSample> binned = b.assign(scored);
    CanonicalJsonl.write(out, binned);
    System.out.printf(Locale.ROOT, "encoder: %s (%d distinct strings embedded, %.1f s)%n", encoder, distinct,
        (System.nanoTime() - t0) / 1e9);
    System.out.println("bins: " + (edges != null ? "fixed edges " : "quantiles, edges ") + java.util.Arrays.toString(b.edges()));
    BinTable.of(binned, b.count()).lines().forEach(System.out::println);
    System.out.println("wrote " + binned.size() + " items to " + out
        + (read.rejected() > 0 ? " (" + read.rejected() + " invalid records skipped; see `data validate`)" : ""));
    return 0;
  }
}

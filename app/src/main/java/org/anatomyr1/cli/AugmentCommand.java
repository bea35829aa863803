// `anatomy-r1 augment`: write G GDQA variants per item (PNG + canonical JSONL with source_id and
// variant) for inspection. Parses and wires; work is in gdqa/.
package org.anatomyr1.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.anatomyr1.data.ReadResult;
import org.anatomyr1.gdqa.Augmenter;
import org.anatomyr1.gdqa.VariantGroupBuilder;
import org.anatomyr1.gdqa.visual.GaussianNoise;
import org.anatomyr1.gdqa.visual.VisualTransforms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "augment", mixinStandardHelpOptions = true,
    description = "Write G GDQA variants (text rewrites x image transforms) per item: OUT/variants.jsonl + OUT/images/.")
final class AugmentCommand implements Callable<Integer> {
  @Mixin
  DataOptions dataset;

  @Option(names = "--images-root", description = "root for image paths (default: relative to the data file)")
  Path imagesRoot;

  @Option(names = "--n", defaultValue = "8", description = "variants per item, G (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--text-variants", description = "k text variants (default: min(G, 4))")
  Integer k;

  @Option(names = "--image-variants", description = "m image variants (default: ceil(G / k))")
  Integer m;

  @Option(names = "--transforms", split = ",",
      description = "visual transforms to draw from (default: all available: photometric, blur, shift, noise)")
  List<String> transforms;

  @Option(names = "--off", description = "GDQA off: G plain copies")
  boolean off;

  @Mixin
  SeededOutputOptions output;

  @Override
  public Integer call() {
    long seed = output.seed;
    Path out = output.out;
    List<String> psi = transforms;
    if (psi == null) {
      psi = new ArrayList<>(VisualTransforms.names());
      String why = GaussianNoise.unavailableReason();
      if (why != null) {
        psi.remove(GaussianNoise.NAME);
        System.err.println("augment: leaving out Gaussian noise: " + why);
      }
    } else if (psi.contains(GaussianNoise.NAME)) {
      String why = GaussianNoise.unavailableReason();
      if (why != null) throw new IllegalStateException("--transforms noise: " + why);
    }
    VariantGroupBuilder.Config d = VariantGroupBuilder.Config.defaults(n, psi, seed);
    int kk = k != null ? k : d.textVariants();
    int mm = m != null ? m : (n + kk - 1) / kk;
    var cfg = new VariantGroupBuilder.Config(n, kk, mm, !off, d.textRewriters(), psi, seed);
    ReadResult read = dataset.read();
    Augmenter.Summary s;
    if (System.console() != null && read.samples().size() >= 200) { // progress only for people watching
      try (var bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("augment")
          .setInitialMax(read.samples().size()).build()) {
        s = Augmenter.run(read, imagesRoot, new VariantGroupBuilder(cfg), out, bar::step);
      }
    } else {
      s = Augmenter.run(read, imagesRoot, new VariantGroupBuilder(cfg), out);
    }
    s.imageProblems().forEach(p -> System.out.println("  image problem: " + p));
    System.out.println("wrote " + s.variants() + " variants of " + s.items() + " items (G=" + n + ", k=" + kk + ", m=" + mm
        + (off ? ", GDQA off" : "") + ") and " + s.imagesWritten() + " images to " + out
        + (s.textOnlyItems() > 0 ? "; " + s.textOnlyItems() + " items without a readable image got text variants only" : "")
        + (read.rejected() > 0 ? "; " + read.rejected() + " invalid records skipped" : ""));
    return 0;
  }
}

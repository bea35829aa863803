// The dataset of `bench train-step`: n synthetic anatomy questions (one per scene) with real PNG
// frames of the requested side, written into one canonical jsonl next to its images/.
package org.anatomyr1.bench;

import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;

public final class TrainStepData {
  private TrainStepData() {}

  /** Writes {@code n} items with {@code imageSide}-pixel frames (112..448) under {@code dir}; returns dir/all.jsonl. */
  public static Path write(Path dir, int n, int imageSide) {
    var result = new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(n, 0, imageSide, 1)).write(dir);
    // every split: the generator puts every tenth scene in val/test, and the bench wants all n
    List<VqaSample> all = result.splits().values().stream().flatMap(List::stream).toList();
    Path file = dir.resolve("all.jsonl");
    CanonicalJsonl.write(file, all);
    return file;
  }
}

// The ASC difficulty bin of each evaluated item, computed exactly as training bins its items:
// S(q) with the same text encoder, and quantile edges of the *training* items' S(q) with the same
// bin count (DifficultyBins.quantiles), then each test item placed by those edges. So "bin 2" on
// the test split means the same S(q) range as the curriculum's last bin.
package org.anatomyr1.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.curriculum.CachedTextEncoder;
import org.anatomyr1.curriculum.DifficultyBins;
import org.anatomyr1.curriculum.DifficultyScorer;
import org.anatomyr1.curriculum.TextEncoder;
import org.anatomyr1.curriculum.TextEncoders;
import org.anatomyr1.data.VqaSample;

/**
 * @param bins  the edges (from the training split)
 * @param sq    test item id -> S(q)
 * @param binOf test item id -> bin in [0, bins.count())
 */
public record TestItemBins(DifficultyBins bins, Map<String, Double> sq, Map<String, Integer> binOf) {
  public TestItemBins {
    sq = Map.copyOf(sq);
    binOf = Map.copyOf(binOf);
  }

  /** Opens {@code encoderSpec} (e.g. bge-small-en-v1.5) and scores both splits. */
  public static TestItemBins compute(String encoderSpec, int binCount, List<VqaSample> train, List<VqaSample> test) {
    try (TextEncoder encoder = new CachedTextEncoder(TextEncoders.create(encoderSpec))) {
      return compute(new DifficultyScorer(encoder), binCount, train, test);
    }
  }

  public static TestItemBins compute(DifficultyScorer scorer, int binCount, List<VqaSample> train, List<VqaSample> test) {
    double[] trainSq = train.stream().mapToDouble(scorer::score).toArray();
    DifficultyBins bins = DifficultyBins.quantiles(trainSq, binCount);
    Map<String, Double> sq = new LinkedHashMap<>();
    Map<String, Integer> binOf = new LinkedHashMap<>();
    for (VqaSample s : test) {
      double v = scorer.score(s);
      sq.put(s.id(), v);
      binOf.put(s.id(), bins.bin(v));
    }
    return new TestItemBins(bins, sq, binOf);
  }
}

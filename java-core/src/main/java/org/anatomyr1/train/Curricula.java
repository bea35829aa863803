// The prompt schedulers a run can name (config key `curriculum`): random order, sorted by S(q),
// and ASC (Anatomy-R1's adaptive curriculum over S(q) bins). An unknown name lists the valid ones.
package org.anatomyr1.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.anatomyr1.curriculum.BinTable;
import org.anatomyr1.curriculum.CurriculumScheduler;
import org.anatomyr1.curriculum.PromptScheduler;
import org.anatomyr1.curriculum.RandomScheduler;
import org.anatomyr1.curriculum.SortedScheduler;
import org.anatomyr1.data.VqaSample;

public final class Curricula {
  private static final Map<String, BiFunction<TrainingData, TrainConfig, PromptScheduler>> SCHEDULERS =
      new LinkedHashMap<>();

  static {
    SCHEDULERS.put("asc", (d, c) -> {
      List<VqaSample> binned = d.binned(c);
      logBins(binned, c);
      return new CurriculumScheduler(binned, c.curriculumBins(), new CurriculumScheduler.Config(c.curriculumThreshold(),
          c.curriculumWindow(), c.curriculumStepBudget(), c.curriculumReplay(), c.seed()));
    });
    SCHEDULERS.put("random", (d, c) -> new RandomScheduler(d.samples(), c.seed()));
    SCHEDULERS.put("sorted", (d, c) -> new SortedScheduler(d.scored(c)));
  }

  private Curricula() {}

  /** The valid values of `curriculum`. */
  public static List<String> names() {
    return List.copyOf(SCHEDULERS.keySet());
  }

  /** The bins ASC will walk, as one block (parallel runs print whole blocks), with the categories each lacks. */
  private static void logBins(List<VqaSample> binned, TrainConfig c) {
    List<String> lines = new ArrayList<>();
    lines.add("curriculum: " + c.curriculumBins() + " S(q) bins (" + c.curriculumBinning() + ")");
    BinTable.of(binned, c.curriculumBins()).lines().forEach(l -> lines.add("  " + l));
    System.out.println(String.join(System.lineSeparator(), lines));
  }

  /** The scheduler named by {@code c.curriculum()} over {@code data} (asc / sorted score S(q) first when missing). */
  static PromptScheduler create(TrainingData data, TrainConfig c) {
    var factory = SCHEDULERS.get(c.curriculum());
    if (factory == null) {
      throw new IllegalArgumentException("config key 'curriculum': unknown '" + c.curriculum() + "'; valid: "
          + String.join(", ", SCHEDULERS.keySet()));
    }
    return factory.apply(data, c);
  }
}

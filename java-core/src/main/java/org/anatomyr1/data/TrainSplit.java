// Which records a trainer may learn from: those whose canonical `split` field is absent or "train".
// A file that mixes splits (e.g. a user's single JSONL with split=val/test rows) must not leak its
// held-out rows into training; the count left out is printed so the user sees it happened.
package org.anatomyr1.data;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

public final class TrainSplit {
  private TrainSplit() {}

  /** True when the item may be trained on: split absent, blank or "train" (case-insensitive). */
  public static boolean isTrain(VqaSample s) {
    String split = s.split();
    return split == null || split.isBlank() || split.strip().toLowerCase(Locale.ROOT).equals("train");
  }

  /** The training items of {@code samples}; prints "file: left out N records with split=val (a), test (b)". */
  public static List<VqaSample> keep(Path file, List<VqaSample> samples, PrintStream out) {
    List<VqaSample> kept = new ArrayList<>(samples.size());
    Map<String, Integer> leftOut = new TreeMap<>();
    for (VqaSample s : samples) {
      if (isTrain(s)) kept.add(s);
      else leftOut.merge(s.split().strip(), 1, Integer::sum);
    }
    if (!leftOut.isEmpty()) {
      int n = samples.size() - kept.size();
      StringBuilder b = new StringBuilder();
      leftOut.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(" (").append(v).append(')'));
      out.println(file + ": left out " + n + " of " + samples.size()
          + " records whose split is not train: " + b + "; training uses " + kept.size());
    }
    return kept;
  }
}

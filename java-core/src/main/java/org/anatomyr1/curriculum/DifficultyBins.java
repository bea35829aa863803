// Difficulty bins for the curriculum: K bins by quantiles of S(q) (tie-aware, so every quantile
// bin is non-empty) or by fixed edges. Bin 0 is the easiest (lowest S(q)).
package org.anatomyr1.curriculum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.anatomyr1.data.VqaSample;

/** @param edges ascending interior edges; bin(s) = number of edges <= s, in [0, edges.length]. */
public record DifficultyBins(double[] edges) {
  public DifficultyBins {
    edges = edges.clone();
    for (int i = 1; i < edges.length; i++) {
      if (!(edges[i] > edges[i - 1])) throw new IllegalArgumentException("bin edges must increase: " + Arrays.toString(edges));
    }
  }

  public int count() {
    return edges.length + 1;
  }

  public int bin(double s) {
    int b = 0;
    while (b < edges.length && s >= edges[b]) b++;
    return b;
  }

  /**
   * K quantile bins. Each edge is a data value strictly above the previous edge (and the minimum),
   * so with ties (few distinct option sets) no bin is empty; fails when fewer than K distinct values.
   */
  public static DifficultyBins quantiles(double[] scores, int k) {
    if (k < 1) throw new IllegalArgumentException("bins must be >= 1, got " + k);
    if (scores.length == 0) throw new IllegalArgumentException("no scores to bin");
    double[] v = scores.clone();
    Arrays.sort(v);
    long distinct = Arrays.stream(v).distinct().count();
    if (distinct < k) {
      throw new IllegalArgumentException("only " + distinct + " distinct difficulty values: cannot make " + k
          + " non-empty bins (use fewer --bins or --edges)");
    }
    // distinct values d[0..D) and below[j] = number of scores < d[j]
    double[] d = new double[(int) distinct];
    int[] below = new int[d.length];
    for (int i = 0, j = -1; i < v.length; i++) {
      if (j < 0 || v[i] != d[j]) {
        d[++j] = v[i];
        below[j] = i;
      }
    }
    double[] edges = new double[k - 1];
    int prevJ = 0;
    for (int i = 1; i < k; i++) {
      double target = i * (double) v.length / k;
      int j = 0;
      while (j < d.length && below[j] < target) j++;
      if (j == d.length || (j > 0 && target - below[j - 1] < below[j] - target)) j--; // nearer split
      // edge i must sit above edge i-1 and leave a distinct value for each later bin
      j = Math.max(j, prevJ + 1);
      j = Math.min(j, d.length - (k - i));
      edges[i - 1] = d[j];
      prevJ = j;
    }
    return new DifficultyBins(edges);
  }

  /** Parses "0.6,0.65,0.7". */
  public static DifficultyBins parseEdges(String csv) {
    List<Double> out = new ArrayList<>();
    for (String p : csv.split(",")) {
      try {
        out.add(Double.parseDouble(p.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--edges: '" + p.strip() + "' is not a number");
      }
    }
    return new DifficultyBins(out.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Items with {@code bin} set from their difficulty (which must be present). */
  public List<VqaSample> assign(List<VqaSample> samples) {
    List<VqaSample> out = new ArrayList<>(samples.size());
    for (VqaSample s : samples) {
      if (s.difficulty() == null) throw new IllegalArgumentException("item " + s.id() + " has no difficulty");
      out.add(s.withDifficulty(s.difficulty(), bin(s.difficulty())));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DifficultyBins b && Arrays.equals(b.edges, edges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(edges);
  }

  @Override
  public String toString() {
    return "DifficultyBins" + Arrays.toString(edges);
  }
}

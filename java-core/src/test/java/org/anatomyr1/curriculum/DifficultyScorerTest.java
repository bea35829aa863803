package org.anatomyr1.curriculum;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.anatomyr1.data.VqaSample;
import org.junit.jupiter.api.Test;

class DifficultyScorerTest {
  static final double ATOL = 1e-6;
  static final double RTOL = 1e-6;

  static void close(double expected, double actual, double atol, double rtol, String what) {
    assertTrue(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected), what + ": " + actual + " vs " + expected);
  }

  /** Fixed 2-d vectors: cosines are known by hand. */
  static TextEncoder table(Map<String, float[]> vectors) {
    return new TextEncoder() {
      public String name() {
        return "table";
      }

      public float[] embed(String t) {
        float[] v = vectors.get(t);
        if (v == null) throw new IllegalArgumentException("no vector for " + t);
        return v.clone();
      }
    };
  }

  @Test
  void scoreIsMaxCosineToADistractor() {
    TextEncoder e = table(Map.of("a", new float[] {1, 0}, "b", new float[] {0, 1}, "c", new float[] {1, 1},
        "d", new float[] {-1, 0}));
    DifficultyScorer s = new DifficultyScorer(e);
    // answer a: cos(a,b)=0, cos(a,c)=1/sqrt2, cos(a,d)=-1 -> max = 0.7071
    close(Math.sqrt(0.5), s.score(VqaSample.of("1", null, "q", List.of("b", "a", "c", "d"), 1, "x")), ATOL, RTOL, "S");
    // answer a with only the opposite distractor: -1 (the easiest possible item)
    close(-1, s.score(VqaSample.of("2", null, "q", List.of("a", "d"), 0, "x")), ATOL, RTOL, "S");
    // answer c: cos(c,a)=cos(c,b)=1/sqrt2
    close(Math.sqrt(0.5), s.score(VqaSample.of("3", null, "q", List.of("a", "b", "c"), 2, "x")), ATOL, RTOL, "S");
    assertThrows(IllegalArgumentException.class, () -> s.score(VqaSample.of("4", null, "q", List.of("a"), 0, "x")));
  }

  @Test
  void cacheEmbedsEachDistinctStringOnce() {
    int[] calls = {0};
    TextEncoder counting = new TextEncoder() {
      public String name() {
        return "count";
      }

      public float[] embed(String t) {
        calls[0]++;
        return new float[] {t.length(), 1};
      }
    };
    CachedTextEncoder c = new CachedTextEncoder(counting);
    DifficultyScorer s = new DifficultyScorer(c);
    for (int i = 0; i < 50; i++) s.score(VqaSample.of("i" + i, null, "q", List.of("x", "yy", "zzz"), i % 3, "k"));
    assertEquals(3, calls[0]);
    assertEquals(3, c.size());
  }

  /**
   * Design check of the synthetic set: class textures are placed by a semantic layout that should
   * follow the encoder's similarities (Spearman rank correlation over the 21 class pairs).
   */
  @Test
  void syntheticTextureLayoutFollowsEncoderSimilarity() {
    CachedTextEncoder bge = SharedEncoder.bge();
    var c = org.anatomyr1.data.synth.AnatomyClass.values();
    List<double[]> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < c.length; i++) {
      for (int j = i + 1; j < c.length; j++) {
        pairs.add(new double[] {Vectors.cosine(bge.embed(c[i].displayName()), bge.embed(c[j].displayName())),
            -c[i].layoutDistance(c[j])});
      }
    }
    double rho = spearman(pairs);
    assertTrue(rho > 0.6, "Spearman(cosine, -layout distance) = " + rho);
  }

  static double spearman(List<double[]> pairs) {
    int n = pairs.size();
    double[][] ranks = new double[2][n];
    for (int k = 0; k < 2; k++) {
      final int kk = k;
      Integer[] idx = new Integer[n];
      for (int i = 0; i < n; i++) idx[i] = i;
      java.util.Arrays.sort(idx, (x, y) -> Double.compare(pairs.get(x)[kk], pairs.get(y)[kk]));
      for (int i = 0; i < n; i++) ranks[k][idx[i]] = i;
    }
    double d2 = 0;
    for (int i = 0; i < n; i++) d2 += (ranks[0][i] - ranks[1][i]) * (ranks[0][i] - ranks[1][i]);
    return 1 - 6 * d2 / (n * ((double) n * n - 1));
  }

  /** Real bundled model: matches the similarity matrix computed in data_eval.md section 4. */
  @Test
  void bgeSimilaritiesMatchTheResearchNotes() {
    CachedTextEncoder bge = SharedEncoder.bge();
    assertEquals(384, bge.embed("Liver").length);
    // data_eval.md: Liver-Gallbladder 0.733, Omentum-Cystic Plate 0.541 (printed to 3 decimals)
    close(0.733, Vectors.cosine(bge.embed("Liver"), bge.embed("Gallbladder")), 6e-4, 0, "Liver-Gallbladder");
    close(0.541, Vectors.cosine(bge.embed("Omentum"), bge.embed("Cystic Plate")), 6e-4, 0, "Omentum-Cystic Plate");
    double s = new DifficultyScorer(bge).score(VqaSample.of("x", null, "q",
        List.of("Liver", "Gallbladder", "Omentum", "Gut"), 0, "Liver"));
    close(0.733, s, 6e-4, 0, "S(q) picks the closest distractor");
  }
}

// The one Fisher-Yates shuffle of the project: i from n-1 down to 1 swaps i with a draw in [0, i],
// so a given random stream always yields the same permutation (epoch order, option order, synth
// scenes and the curriculum's pools all depend on that for exact resume and fixed-seed runs).
package org.anatomyr1.data;

import java.util.List;
import java.util.function.IntUnaryOperator;

public final class SeededShuffle {
  private SeededShuffle() {}

  /** A random permutation of 0..n-1; {@code nextInt} maps a bound b to a draw in [0, b). */
  public static int[] permutation(int n, IntUnaryOperator nextInt) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt.applyAsInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Shuffles {@code list} in place with the same draws as {@link #permutation}. */
  public static <T> void shuffle(List<T> list, IntUnaryOperator nextInt) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = nextInt.applyAsInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}

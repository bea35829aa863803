// The endless epoch-shuffled stream of SFT items: epoch e is a fresh permutation drawn from
// (seed, e). The permutation of the current epoch is kept, so reading item after item costs O(1)
// each instead of rebuilding an O(n) permutation per item.
package org.anatomyr1.train;

import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.SeededShuffle;
import org.anatomyr1.data.VqaSample;

final class EpochOrder {
  private final List<VqaSample> items;
  private final long seed;
  private long epoch = -1;
  private int[] perm;

  EpochOrder(List<VqaSample> items, long seed) {
    this.items = items;
    this.seed = seed;
  }

  /** Item {@code index} of the stream (epoch index / n, position index % n). */
  VqaSample at(long index) {
    int n = items.size();
    long e = index / n;
    if (e != epoch) {
      perm = SeededShuffle.permutation(n, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e)::nextInt);
      epoch = e;
    }
    return items.get(perm[(int) (index % n)]);
  }
}

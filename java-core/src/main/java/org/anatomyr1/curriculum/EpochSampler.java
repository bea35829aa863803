// Draws items of one pool without replacement, epoch by epoch, each epoch a fresh permutation
// derived from (seed, epoch): the state is two ints, so it serialises for exact resume.
package org.anatomyr1.curriculum;

import org.anatomyr1.data.SeededShuffle;

final class EpochSampler {
  private final int size;
  private final long seed;
  int epoch;
  int pos;
  private int[] perm;
  private int permEpoch = -1;

  EpochSampler(int size, long seed) {
    this.size = size;
    this.seed = seed;
  }

  int size() {
    return size;
  }

  /** Next index into the pool. */
  int next() {
    if (size == 0) throw new IllegalStateException("empty pool");
    if (pos == size) {
      epoch++;
      pos = 0;
    }
    if (permEpoch != epoch) {
      perm = permutation(size, new SplitMix64(seed ^ (0xD1B54A32D192ED03L * (epoch + 1))));
      permEpoch = epoch;
    }
    return perm[pos++];
  }

  static int[] permutation(int n, SplitMix64 rng) {
    return SeededShuffle.permutation(n, rng::nextInt);
  }
}

// Group advantages: hand-computed tables (GRPO std / Dr.GRPO center, unbiased vs biased std,
// zero-variance flags, singleton groups, no groups) and random groups against the reference.
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupAdvantagesTest {
  /** Hand tables are exact decimals: compare at the fp32 tolerance. */
  private record Out(float[] adv, float[] mean, float[] std, byte[] zero) {}

  private static Out run(float[] rewards, int groupSize, AdvantageConfig cfg) {
    int groups = rewards.length / groupSize;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment adv = Buffers.floatOut(arena, rewards.length);
      MemorySegment mean = Buffers.floatOut(arena, groups);
      MemorySegment std = Buffers.floatOut(arena, groups);
      MemorySegment zero = Buffers.byteOut(arena, groups);
      KernelOps.cpu().groupAdvantages(Buffers.floats(arena, rewards), groups, groupSize, cfg, adv,
          mean, std, zero);
      return new Out(Buffers.toFloats(adv), Buffers.toFloats(mean), Buffers.toFloats(std),
          Buffers.toBytes(zero));
    }
  }

  private static void near(String what, double[] expected, float[] got) {
    Tolerances.assertClose(what, 0, got, expected, Tolerances.ADV_RTOL, Tolerances.ADV_ATOL);
  }

  @Test
  void twoGroupsOfTwoUnbiased() {
    // groups [1, 0] and [0, 1]: mean 0.5, unbiased std sqrt((0.25 + 0.25) / 1) = 0.70710678,
    // A = +-0.5 / (0.70710678 + 1e-4) = +-0.70700680
    Out o = run(new float[] {1, 0, 0, 1}, 2, AdvantageConfig.grpo());
    near("adv", new double[] {0.70700680, -0.70700680, -0.70700680, 0.70700680}, o.adv());
    near("mean", new double[] {0.5, 0.5}, o.mean());
    near("std", new double[] {0.70710678, 0.70710678}, o.std());
    assertArrayEquals(new byte[] {0, 0}, o.zero());
  }

  @Test
  void oneGroupOfFourUnbiasedAndBiased() {
    // [1, 0, 0, 1]: mean 0.5; unbiased std sqrt(1 / 3) = 0.57735027, A = +-0.5 / 0.57745027
    // = +-0.86587543; biased std sqrt(1 / 4) = 0.5, A = +-0.5 / 0.5001 = +-0.99980004
    Out u = run(new float[] {1, 0, 0, 1}, 4, AdvantageConfig.grpo());
    near("adv unbiased", new double[] {0.86587543, -0.86587543, -0.86587543, 0.86587543}, u.adv());
    near("std unbiased", new double[] {0.57735027}, u.std());
    Out b = run(new float[] {1, 0, 0, 1}, 4, new AdvantageConfig(AdvantageMode.STD, false, 1e-4f));
    near("adv biased", new double[] {0.99980004, -0.99980004, -0.99980004, 0.99980004}, b.adv());
    near("std biased", new double[] {0.5}, b.std());
    near("mean", new double[] {0.5}, b.mean());
  }

  @Test
  void centerModeAndUnevenRewards() {
    // [3, 1, 2]: mean 2, unbiased std sqrt((1 + 1 + 0) / 2) = 1 -> A = (1, -1, 0) / 1.0001;
    // center mode: A = r - mean = (1, -1, 0)
    Out s = run(new float[] {3, 1, 2}, 3, AdvantageConfig.grpo());
    near("adv std", new double[] {0.99990001, -0.99990001, 0}, s.adv());
    Out c = run(new float[] {3, 1, 2}, 3, AdvantageConfig.center());
    near("adv center", new double[] {1, -1, 0}, c.adv());
    near("std", new double[] {1}, c.std());
  }

  @Test
  void zeroVarianceAndSingletonGroups() {
    // [1, 1, 1] and [0.5, 0.5, 0.5]: std 0, A = 0 / (0 + eps) = 0, flag set; [0, 1, 1] not flagged:
    // mean 2/3, std sqrt((4/9 + 1/9 + 1/9) / 2) = 0.57735027, A = (-2/3, 1/3, 1/3) / 0.57745027
    Out z = run(new float[] {1, 1, 1, 0.5f, 0.5f, 0.5f, 0, 1, 1}, 3, AdvantageConfig.grpo());
    near("adv", new double[] {0, 0, 0, 0, 0, 0, -1.15450057, 0.57725029, 0.57725029}, z.adv());
    near("std", new double[] {0, 0, 0.57735027}, z.std());
    assertArrayEquals(new byte[] {1, 1, 0}, z.zero());
    // G = 1: advantage 0, mean = r, std 0, flag 1
    Out one = run(new float[] {0.25f, 1, 0}, 1, AdvantageConfig.grpo());
    near("adv G=1", new double[] {0, 0, 0}, one.adv());
    near("mean G=1", new double[] {0.25, 1, 0}, one.mean());
    near("std G=1", new double[] {0, 0, 0}, one.std());
    assertArrayEquals(new byte[] {1, 1, 1}, one.zero());
    // no groups at all is valid
    Out none = run(new float[0], 4, AdvantageConfig.grpo());
    assertArrayEquals(new float[0], none.adv());
  }

  @Test
  void randomGroupsMatchReference() {
    long seed = 20260512L;
    Random rnd = new Random(seed);
    for (int g : new int[] {1, 2, 5, 8, 16}) {
      for (boolean unbiased : new boolean[] {true, false}) {
        for (AdvantageMode mode : AdvantageMode.values()) {
          int groups = 37;
          float[] r = new float[groups * g];
          for (int i = 0; i < r.length; i++) {
            // binary accuracy rewards, format bonuses and continuous scores
            r[i] = switch (i % 3) {
              case 0 -> rnd.nextBoolean() ? 1f : 0f;
              case 1 -> rnd.nextInt(3) * 0.5f;
              default -> (float) rnd.nextGaussian();
            };
          }
          AdvantageConfig cfg = new AdvantageConfig(mode, unbiased, 1e-4f);
          Out o = run(r, g, cfg);
          ReferenceKernels.AdvOut ref = ReferenceKernels.groupAdvantages(r, groups, g, mode, unbiased, 1e-4);
          String what = "G=" + g + " unbiased=" + unbiased + " " + mode;
          Tolerances.assertClose("adv " + what, seed, o.adv(), ref.adv(), Tolerances.ADV_RTOL, Tolerances.ADV_ATOL);
          Tolerances.assertClose("mean " + what, seed, o.mean(), ref.mean(), Tolerances.ADV_RTOL, Tolerances.ADV_ATOL);
          Tolerances.assertClose("std " + what, seed, o.std(), ref.std(), Tolerances.ADV_RTOL, Tolerances.ADV_ATOL);
          for (int b = 0; b < groups; b++) {
            if ((o.zero()[b] != 0) != ref.zero()[b]) {
              throw new AssertionError("zero flag of group " + b + " " + what + ", seed " + seed);
            }
          }
        }
      }
    }
  }
}

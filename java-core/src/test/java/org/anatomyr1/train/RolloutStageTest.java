// The rollout stage on the tiny model: with GDQA every member of a group is its own prompt row at
// the generator and the members differ (rewritten text or transformed image); without GDQA the G
// members share one encoded row (one prefill). The rows are what the update trains on.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.anatomyr1.dist.SingleProcessCollective;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.rollout.EncodedPrompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutStageTest {
  static final long SEED = 13;

  private static RolloutBatch rollout(Path data, Path model, Path out, String gdqa) {
    TrainConfig c = TrainConfig.load(null, List.of("model=" + model, "data.train=" + data, "out=" + out,
        "group_size=4", "max_completion_tokens=3", "seed=" + SEED, "threads=1", "algo=grpo", "gdqa=" + gdqa));
    TrainingData d = TrainingData.load(c);
    try (PolicyModel p = PolicyModel.load(model, ComputeSettings.cpuFloat32())) {
      Rollout r = new Rollout(c, AlgorithmOverrides.resolve(c), p, d, new SingleProcessCollective());
      return r.generate(d.samples().subList(0, 2), 0, 0);
    }
  }

  @Test
  void gdqaMembersAreDistinctRowsPlainCopiesShareOne(@TempDir Path tmp) {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 8, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    RolloutBatch on = rollout(data, model, tmp.resolve("runs"), "on");
    assertEquals(2, on.groups().size());
    for (RolloutGroup g : on.groups()) {
      assertEquals(4, g.prompts().size());
      Set<String> distinct = new HashSet<>();
      for (EncodedPrompt p : g.prompts()) distinct.add(Arrays.toString(p.ids()) + Arrays.hashCode(p.pixels()));
      assertTrue(distinct.size() > 1, "GDQA members of " + g.item().id() + " reach the generator identical");
      assertEquals(4, g.tokens().length);
    }
    RolloutBatch off = rollout(data, model, tmp.resolve("runs"), "off");
    for (RolloutGroup g : off.groups()) {
      for (EncodedPrompt p : g.prompts()) assertSame(g.prompts().get(0), p, "plain copies share one encoded row");
      for (var m : g.members()) assertEquals(g.item().question(), m.question());
    }
  }
}

// What the other ranks need to know of a rolled-out group (data-parallel GRPO): per member its
// reward, the reward of each function, its completion length and whether it was truncated. Every
// rank gathers all groups' outcomes, so advantages, DAPO's dynamic sampling, GPG's alpha, the
// global token totals, curriculum feedback and metrics see the global batch, identically on all ranks;
// tokens and images stay on the rank that generated them (only it computes their gradient).
package org.anatomyr1.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.anatomyr1.dist.Collective;

final class GroupOutcomes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GroupOutcomes() {}

  /** One group's outcome: arrays of length G; perFunction maps reward name -> [G]. */
  record Outcome(double[] reward, int[] lengths, boolean[] truncated, Map<String, double[]> perFunction) {}

  /** Every rank's outcomes concatenated in rank order (= global index order for contiguous shards). */
  static List<Outcome> allGather(List<Outcome> mine, Collective c) {
    if (c.worldSize() == 1) return mine;
    try {
      List<Outcome> all = new ArrayList<>();
      for (String s : c.allGather(JSON.writeValueAsString(mine))) {
        all.addAll(JSON.readValue(s, new TypeReference<List<Outcome>>() {}));
      }
      return all;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("group outcomes of rank " + c.rank() + ": " + e.getOriginalMessage(), e);
    }
  }
}

// metrics.jsonl lines without the wall-clock keys, so that two runs of the same seed compare equal
// line by line (used by the resume tests).
package org.anatomyr1.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

final class ComparableMetrics {
  private static final List<String> WALL_CLOCK_KEYS =
      List.of("time_rollout_s", "time_reward_s", "time_update_s", "rollout_tokens_per_s");

  private ComparableMetrics() {}

  static List<String> of(Path run) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      ObjectNode n = (ObjectNode) json.readTree(line);
      n.remove(WALL_CLOCK_KEYS);
      out.add(n.toString());
    }
    return out;
  }
}

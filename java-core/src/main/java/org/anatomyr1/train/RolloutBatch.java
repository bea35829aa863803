// What one rollout round hands forward: this rank's groups (prompts encoded once, completions)
// and where they sit in the round's global prompt list (data parallel: a contiguous share).
package org.anatomyr1.train;

import java.util.List;
import org.anatomyr1.data.VqaSample;

/**
 * @param prompts the round's prompts over all ranks
 * @param shard this rank's share of {@code prompts}
 * @param groups one group per prompt of the share, in order
 */
record RolloutBatch(List<VqaSample> prompts, DataParallel.Shard shard, List<RolloutGroup> groups) {}

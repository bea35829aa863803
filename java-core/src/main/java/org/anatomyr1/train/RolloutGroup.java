// One group as the rollout built it: the G members of one prompt, each member's encoded prompt row
// (token ids + pixel rows, made once) and sampled completion. The update trains on exactly these
// rows, so nothing is rendered or image-processed twice.
package org.anatomyr1.train;

import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.rollout.EncodedPrompt;

/**
 * @param item the prompt the curriculum picked
 * @param members [G] the member questions (GDQA variants or plain copies), what the rewards grade
 * @param prompts [G] each member's encoded prompt row
 * @param tokens [G][L] sampled completion tokens
 * @param lengths [G] usable completion lengths (ending before any vision special token)
 * @param truncated [G] stopped at max_completion_tokens without a stop token
 */
record RolloutGroup(VqaSample item, List<VqaSample> members, List<EncodedPrompt> prompts, long[][] tokens,
    int[] lengths, boolean[] truncated) {}

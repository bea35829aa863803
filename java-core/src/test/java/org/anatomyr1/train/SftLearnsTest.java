// CoT-SFT on the tiny model teaches the answer format: after a short run the greedy completions of
// training items earn the format reward (the random model's never do) and the loss falls.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.data.Datasets;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.rl.FormatReward;
import org.anatomyr1.rl.RewardInput;
import org.anatomyr1.rollout.SamplingSettings;
import org.anatomyr1.rollout.VisualChat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftLearnsTest {
  static final long SEED = 2;

  @Test
  void cotSftTeachesTheFormat(@TempDir Path tmp) throws Exception {
    System.out.println("seed " + SEED);
    org.bytedeco.pytorch.global.torch.set_num_threads(1); // as threads=1 below: the tiny model is fastest on one
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 12, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    List<VqaSample> items = Datasets.read(data, "auto").samples().subList(0, 4);
    assertEquals(0, formatted(model, data, items), "the random model already formats");
    Path run = SftTrainer.run(TrainConfig.load(null, List.of("model=" + model, "data.train=" + data,
        "out=" + tmp.resolve("runs"), "name=s", "sft.mode=cot", "steps=50", "batch=4", "lr=3e-3", "threads=1",
        "progress=false", "seed=" + SEED)));
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    ObjectMapper json = new ObjectMapper();
    double first = json.readTree(lines.get(0)).get("loss").asDouble();
    double last = json.readTree(lines.get(lines.size() - 1)).get("loss").asDouble();
    assertTrue(last < 0.5 * first, "SFT loss " + first + " -> " + last);
    int ok = formatted(run.resolve("final"), data, items);
    assertTrue(ok >= 3, ok + " of 4 greedy completions have the <think>/<answer> format");
  }

  /** How many of {@code items} get format reward 1 from the greedy completion of {@code model}. */
  private static int formatted(Path model, Path data, List<VqaSample> items) {
    List<RgbImage> images = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    for (VqaSample s : items) {
      images.add(ImageFiles.read(data.getParent().resolve(s.image())));
      prompts.add(QuestionPrompt.render(s));
    }
    int ok = 0;
    try (VisualChat chat = VisualChat.load(model, ComputeSettings.cpuFloat32())) {
      List<String> out = chat.answer(images, prompts, 64, 1, SamplingSettings.greedy());
      for (int i = 0; i < items.size(); i++) {
        VqaSample s = items.get(i);
        ok += (int) new FormatReward().score(new RewardInput(out.get(i), s.options(), s.answerIndex(), 1, false));
      }
    }
    return ok;
  }
}

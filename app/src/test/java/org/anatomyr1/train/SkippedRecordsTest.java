// `train` counts and names the records it cannot use ("N of M records skipped" with the first reasons),
// and --strict makes any bad record fatal before the run directory is touched.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.anatomyr1.data.CliCapture;
import org.anatomyr1.data.CliRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkippedRecordsTest {
  static final long SEED = 14;

  @Test
  void badRecordsAreCountedAndStrictMakesThemFatal(@TempDir Path tmp) throws Exception {
    System.out.println("seed " + SEED);
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 6, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    int good = Files.readAllLines(data).size();
    Files.writeString(data, "{\"id\":\"bad\",\"question\":\"Which?\",\"options\":[\"a\",\"a\"],\"answer_index\":0}\n",
        StandardOpenOption.APPEND);
    Path runs = tmp.resolve("runs");
    String[] args = {"train", "--model", model.toString(), "--data", data.toString(), "--out", runs.toString(), "--name",
        "r", "--algo", "gpg", "--curriculum", "random", "steps=1", "batch=2", "group_size=2", "max_completion_tokens=4",
        "threads=1", "progress=false"};
    CliCapture.Run r = CliCapture.run(args);
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("1 of " + (good + 1) + " records skipped in " + data), r.out());
    assertTrue(r.out().contains("record " + good + " field 'options': duplicate option 'a'"), r.out());
    String[] strict = java.util.Arrays.copyOf(args, args.length + 2);
    strict[args.length] = "--strict";
    strict[args.length + 1] = "--overwrite";
    CliRefusal.assertRefused(List.of(data, model, runs), List.of("--strict: 1 of " + (good + 1) + " records"), strict);
  }
}

// `anatomy-r1 train` / `sft` from the command line: a tiny run succeeds and writes final/; bad input
// (unknown key, CUDA without a GPU) is a one-line error with exit code 2.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.anatomyr1.data.CliCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  static final long SEED = 4;

  @Test
  void sftThenTrainFromTheCommandLine(@TempDir Path tmp) {
    System.out.println("seed " + SEED);
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 10, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    Path runs = tmp.resolve("runs");
    CliCapture.Run sft = CliCapture.run("sft", "--model", model.toString(), "--data", data.toString(), "--out",
        runs.toString(), "--name", "s", "--mode", "answer", "steps=2", "batch=2", "threads=1", "progress=false");
    assertEquals(0, sft.exit(), sft.err());
    assertTrue(Files.isRegularFile(runs.resolve("s/final/config.json")));
    CliCapture.Run rl = CliCapture.run("train", "--model", runs.resolve("s/final").toString(), "--data", data.toString(),
        "--out", runs.toString(), "--name", "r", "--algo", "gpg", "--curriculum", "random", "--gdqa", "off", "steps=2",
        "batch=2", "group_size=2", "max_completion_tokens=4", "threads=1", "progress=false");
    assertEquals(0, rl.exit(), rl.err());
    assertTrue(Files.isRegularFile(runs.resolve("r/metrics.jsonl")));
    assertTrue(Files.isRegularFile(runs.resolve("r/final/model.safetensors")));
  }

  @Test
  void badInputIsAOneLineError(@TempDir Path tmp) {
    CliCapture.Run r = CliCapture.run("train", "--model", tmp.toString(), "--data", tmp.resolve("x.jsonl").toString(),
        "stepz=3");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("unknown config key 'stepz'") && r.err().strip().lines().count() == 1, r.err());
    CliCapture.Run c = CliCapture.run("sft", "--model", tmp.toString(), "--data", tmp.resolve("x.jsonl").toString(),
        "--device", "cuda");
    assertEquals(2, c.exit());
    assertTrue(c.err().contains("cuda"), c.err());
  }
}

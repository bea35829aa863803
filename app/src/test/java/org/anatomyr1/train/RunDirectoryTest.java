// A run directory cannot be clobbered: a run in another process holds its lock (the second run is
// refused naming pid@host and changes nothing), a directory with earlier results is refused unless
// --overwrite or --resume, and leftovers of killed runs are swept with a log line.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.anatomyr1.data.CliCapture;
import org.anatomyr1.data.CliRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  static final long SEED = 12;

  private static String[] train(Path model, Path data, Path runs, String name, String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("train", "--model", model.toString(), "--data", data.toString(),
        "--out", runs.toString(), "--name", name, "--algo", "gpg", "--curriculum", "random", "steps=2", "batch=2",
        "group_size=2", "max_completion_tokens=4", "threads=1", "progress=false", "seed=" + SEED));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void aRunInAnotherProcessHoldsTheDirectory(@TempDir Path tmp) throws Exception {
    System.out.println("seed " + SEED);
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 8, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    Path runs = tmp.resolve("runs");
    Path run = runs.resolve("r");
    Files.createDirectories(run);
    Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":1}\n"); // the other run's output so far
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LockHolderMain.class.getName(), run.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      assertTrue(line != null && line.startsWith("locked "), "holder said: " + line);
      String pid = line.substring("locked ".length());
      long t0 = System.nanoTime();
      String err = CliRefusal.assertRefused(List.of(run, data, model), List.of("is in use by another run", "pid " + pid + "@",
          run.resolve(RunDirectory.LOCK_FILE).toString()), train(model, data, runs, "r", "--overwrite")); // not even --overwrite
      System.out.println(err + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
    } finally {
      holder.getOutputStream().close();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void earlierResultsNeedOverwriteOrResume(@TempDir Path tmp) throws Exception {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 8, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    Path runs = tmp.resolve("runs");
    CliCapture.Run first = CliCapture.run(train(model, data, runs, "r", "checkpoint_every=1"));
    assertEquals(0, first.exit(), first.err());
    Path run = runs.resolve("r");
    assertTrue(Files.isDirectory(run.resolve("checkpoints/step-1")));
    CliRefusal.assertRefused(List.of(run, data, model), List.of("already holds a run", "--overwrite", "--resume"),
        train(model, data, runs, "r"));

    // a killed run's temporaries are swept at the next start, each named
    Files.createDirectories(run.resolve("checkpoints/.step-9.tmp/x"));
    Files.writeString(run.resolve(".final.tmp"), "partial");
    CliCapture.Run again = CliCapture.run(train(model, data, runs, "r", "--overwrite"));
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("--overwrite: removed"), again.out());
    assertFalse(Files.exists(run.resolve("checkpoints")), "old checkpoints removed by --overwrite");
    assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());

    Files.createDirectories(run.resolve(".final.old.tmp"));
    Files.createDirectories(run.resolve("checkpoints/.step-7.tmp"));
    // resume also sweeps (and runs without refusing: resuming is continuing this directory)
    CliCapture.Run first2 = CliCapture.run(train(model, data, runs, "r2", "checkpoint_every=1"));
    assertEquals(0, first2.exit(), first2.err());
    Path ckpt = runs.resolve("r2/checkpoints/step-1");
    CliCapture.Run resumed = CliCapture.run(train(model, data, runs, "r", "--resume", ckpt.toString()));
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().contains("removed stale temporary " + run.resolve("checkpoints/.step-7.tmp")), resumed.out());
    assertFalse(Files.exists(run.resolve("checkpoints/.step-7.tmp")));
  }
}

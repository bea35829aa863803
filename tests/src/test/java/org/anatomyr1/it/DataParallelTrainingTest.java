// Data-parallel training with real processes: `launch --nproc-per-node 2` starts two worker JVMs
// that train over Gloo on 127.0.0.1. (a) 2 ranks vs 1 process, same seed and global batch, 3 GRPO
// steps and 3 SFT steps: identical per-step reward means and final weights within 1e-5 relative;
// (c) a 2-rank run resumed from its step-2 checkpoint with 1 process ends at the 2-rank weights;
// (b) kill -9 of one worker: launch exits non-zero naming the rank within dist.timeout_s + 30 s and
// the last complete checkpoint loads. About 60-90 s on 2 idle cores.
package org.anatomyr1.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.anatomyr1.cli.Main;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.model.io.SafetensorsFile;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.text.TinyTokenizerFactory;
import org.anatomyr1.train.Checkpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataParallelTrainingTest {
  // the random model's rewards must vary within groups at every step (else a zero gradient makes the
  // comparisons vacuous, which the grad_norm check catches): seed 1 gave a zero-gradient step once the
  // tiny vocabulary grew by the GDQA words (issue 11), seed 2 does not
  static final long SEED = 2;
  /** Relative L2 distance of the whole weight set; see weightsAgree for the one exception per tensor. */
  static final double RTOL = 1e-5;

  @TempDir
  static Path tmp;
  static Path data;
  static Path model;

  @BeforeAll
  static void fixture() {
    System.out.println("DataParallelTrainingTest seed " + SEED);
    var r = new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(24, SEED, 112, 2)).write(tmp.resolve("data"));
    List<VqaSample> all = new ArrayList<>();
    r.splits().values().forEach(all::addAll);
    data = tmp.resolve("data/all.jsonl");
    CanonicalJsonl.write(data, all);
    QwenImageProcessor.Settings d = QwenImageProcessor.Settings.defaults();
    var small = new QwenImageProcessor.Settings(56 * 56, 112 * 112, d.patchSize(), d.temporalPatchSize(), d.mergeSize(),
        d.imageMean(), d.imageStd(), d.rescaleFactor(), true, true, true);
    model = tmp.resolve("model");
    TinyTokenizerFactory.writeTinyModel(model, QuestionPrompt.vocabulary(all), SEED, small);
  }

  /** The acceptance run's settings; the overlong penalty makes rewards vary on a random model, so gradients are non-zero. */
  static List<String> grpoArgs(String name, Path out) {
    return List.of("train", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "--name", name,
        "steps=3", "batch=4", "group_size=4", "seed=" + SEED, "gdqa=off", "curriculum=random", "threads=1",
        "progress=false", "max_completion_tokens=12", "reward.overlong_buffer=10", "lr=1e-2", "checkpoint_every=2");
  }

  @Test
  void grpoOnTwoRanksEqualsOneProcessAndResumesWithOne() throws Exception {
    Path out = tmp.resolve("grpo");
    Launched dp = launch(2, grpoArgs("dp", out), tmp.resolve("grpo-launch.log"), null);
    assertEquals(0, dp.status, dp.log());
    assertEquals(0, Main.run(grpoArgs("single", out).toArray(String[]::new)));
    List<Double> dpReward = column(out.resolve("dp/metrics.jsonl"), "reward_mean");
    assertEquals(3, dpReward.size());
    assertEquals(column(out.resolve("single/metrics.jsonl"), "reward_mean"), dpReward, "per-step reward_mean");
    assertTrue(column(out.resolve("dp/metrics.jsonl"), "grad_norm").stream().allMatch(g -> g > 0), "non-trivial gradients");
    weightsAgree(out.resolve("single/final"), out.resolve("dp/final"));
    assertTrue(weightsDiffer(model, out.resolve("dp/final")), "training moved the weights");

    // (c) the 2-rank run's step-2 checkpoint continued by one process ends where the 2-rank run ended
    List<String> resume = new ArrayList<>(grpoArgs("resumed", out));
    resume.addAll(List.of("--resume", out.resolve("dp/checkpoints/step-2").toString()));
    assertEquals(0, Main.run(resume.toArray(String[]::new)));
    weightsAgree(out.resolve("dp/final"), out.resolve("resumed/final"));
    assertEquals(dpReward, column(out.resolve("resumed/metrics.jsonl"), "reward_mean"));
  }

  @Test
  void sftOnTwoRanksEqualsOneProcess() throws Exception {
    Path out = tmp.resolve("sft");
    List<String> args = List.of("sft", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(),
        "sft.steps=3", "sft.batch=4", "sft.lr=1e-3", "seed=" + SEED, "threads=1", "progress=false");
    List<String> dpArgs = new ArrayList<>(args);
    dpArgs.addAll(List.of("--name", "dp"));
    Launched dp = launch(2, dpArgs, tmp.resolve("sft-launch.log"), null);
    assertEquals(0, dp.status, dp.log());
    List<String> single = new ArrayList<>(args);
    single.addAll(List.of("--name", "single"));
    assertEquals(0, Main.run(single.toArray(String[]::new)));
    List<Double> loss = column(out.resolve("dp/metrics.jsonl"), "loss");
    List<Double> ref = column(out.resolve("single/metrics.jsonl"), "loss");
    assertEquals(3, loss.size());
    for (int i = 0; i < 3; i++) assertEquals(ref.get(i), loss.get(i), 1e-5 * Math.abs(ref.get(i)), "loss of step " + (i + 1));
    weightsAgree(out.resolve("single/final"), out.resolve("dp/final"));
  }

  @Test
  void killingOneWorkerStopsTheJobNamingTheRank() throws Exception {
    Path out = tmp.resolve("kill");
    int timeoutS = 60; // also bounds the workers' rendezvous, which waits for both JVMs to start
    List<String> args = new ArrayList<>(grpoArgs("k", out));
    args.replaceAll(a -> a.equals("steps=3") ? "steps=200" : a.equals("checkpoint_every=2") ? "checkpoint_every=1" : a);
    args.add("dist.timeout_s=" + timeoutS);
    Path ckpts = out.resolve("k/checkpoints");
    Launched l = launch(2, args, tmp.resolve("kill-launch.log"), launcher -> {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!Files.isDirectory(ckpts.resolve("step-1")) && System.nanoTime() < until) Thread.sleep(200);
      assertTrue(Files.isDirectory(ckpts.resolve("step-1")), "a checkpoint was written");
      ProcessHandle rank1 = launcher.children().filter(p -> "1".equals(env(p).get("RANK"))).findFirst().orElseThrow();
      rank1.destroyForcibly(); // SIGKILL
      return System.nanoTime();
    });
    double seconds = (System.nanoTime() - l.killedAt) / 1e9;
    System.out.println("launch ended " + seconds + " s after kill -9 of rank 1 (dist.timeout_s " + timeoutS + ")");
    assertNotEquals(0, l.status, l.log());
    assertTrue(l.log().contains("launch: rank 1 exited with status 137 (killed by signal 9)"), l.log());
    assertTrue(seconds < timeoutS + 30, "launch ended " + seconds + " s after the kill");
    Path last;
    try (Stream<Path> s = Files.list(ckpts)) {
      last = s.filter(p -> p.getFileName().toString().startsWith("step-"))
          .max((a, b) -> Integer.compare(step(a), step(b))).orElseThrow();
    }
    assertEquals(step(last), Checkpoints.read(last).step(), "state.json of " + last);
    assertTrue(floats(last).size() > 0, "complete, loadable weights in " + last);
  }

  // ---- helpers ----

  record Launched(int status, Path logFile, long killedAt) {
    String log() {
      try {
        return Files.readString(logFile);
      } catch (IOException e) {
        return "(" + e + ")";
      }
    }
  }

  interface WhileRunning {
    long act(ProcessHandle launcher) throws Exception;
  }

  /** `anatomy-r1 launch` in its own JVM (as from the shell), output in {@code log}. */
  static Launched launch(int n, List<String> cliArgs, Path log, WhileRunning during) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "launch", "--nproc-per-node", String.valueOf(n), "--"));
    cmd.addAll(cliArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long killedAt = during == null ? 0 : during.act(p.toHandle());
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), "launch finished; log:\n" + Files.readString(log));
      return new Launched(p.exitValue(), log, killedAt);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  static Map<String, String> env(ProcessHandle p) {
    try {
      String[] kv = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "environ")).split("\0");
      java.util.HashMap<String, String> m = new java.util.HashMap<>();
      for (String s : kv) {
        int eq = s.indexOf('=');
        if (eq > 0) m.put(s.substring(0, eq), s.substring(eq + 1));
      }
      return m;
    } catch (IOException e) {
      return Map.of();
    }
  }

  static int step(Path checkpoint) {
    return Integer.parseInt(checkpoint.getFileName().toString().substring("step-".length()));
  }

  static List<Double> column(Path metrics, String key) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Double> out = new ArrayList<>();
    for (String line : Files.readAllLines(metrics)) {
      if (line.isBlank()) continue;
      JsonNode n = json.readTree(line);
      out.add(n.get(key).asDouble());
    }
    return out;
  }

  /**
   * The whole weight set within RTOL (relative L2 distance). Each tensor within 10 RTOL: Adam divides
   * a gradient by its own running RMS, so on elements whose gradient is tiny the rounding difference
   * of a different summation order (two ranks vs one batch) becomes a visible step. The attention key
   * biases are held to 1e-3 only: their exact gradient is zero (softmax ignores a shift shared by all
   * keys), so all they receive is rounding noise, which Adam scales up to steps of size lr.
   */
  static void weightsAgree(Path refDir, Path gotDir) {
    Map<String, float[]> ref = floats(refDir);
    Map<String, float[]> got = floats(gotDir);
    assertEquals(ref.keySet(), got.keySet());
    double num = 0, den = 0;
    Map<String, Double> perTensor = new java.util.TreeMap<>();
    for (String k : ref.keySet()) {
      double n = 0, d = 0;
      float[] a = ref.get(k), b = got.get(k);
      for (int i = 0; i < a.length; i++) {
        n += (a[i] - b[i]) * (double) (a[i] - b[i]);
        d += a[i] * (double) a[i];
      }
      num += n;
      den += d;
      perTensor.put(k, Math.sqrt(n / Math.max(d, 1e-30)));
    }
    double rel = Math.sqrt(num / den);
    System.out.println(gotDir + " vs " + refDir + ": relative L2 distance of all weights " + rel + ", worst tensor "
        + perTensor.entrySet().stream().filter(e -> !e.getKey().endsWith("k_proj.bias"))
            .max(Map.Entry.comparingByValue()).orElseThrow());
    assertTrue(rel <= RTOL, "all weights: relative L2 distance " + rel + " > " + RTOL);
    for (var e : perTensor.entrySet()) {
      double tol = e.getKey().endsWith("self_attn.k_proj.bias") ? 1e-3 : 10 * RTOL;
      assertTrue(e.getValue() <= tol, e.getKey() + ": relative L2 distance " + e.getValue() + " > " + tol);
    }
  }

  static boolean weightsDiffer(Path aDir, Path bDir) {
    Map<String, float[]> a = floats(aDir), b = floats(bDir);
    for (String k : a.keySet()) if (!java.util.Arrays.equals(a.get(k), b.get(k))) return true;
    return false;
  }

  /** Every tensor of dir/model.safetensors as fp32 values (the tiny model is fp32). */
  static Map<String, float[]> floats(Path dir) {
    Map<String, float[]> out = new java.util.TreeMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      for (String n : f.names()) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(f.bytes(n)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        out.put(n, v);
      }
    }
    return out;
  }
}

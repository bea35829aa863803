// `bench model`: one real model directory (e.g. init-model's 3B) on one square random image: load
// time, first and warm prefill, vision tower alone, decode ms per token against its memory floor
// (text weights + KV cache read per step over the measured copy bandwidth) and the process's peak
// RSS (also per phase, anonymous vs file-backed). Writes a JSON report; asserts nothing.
package org.anatomyr1.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.ComputeThreads;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.text.KvCache;
import org.anatomyr1.rollout.VisualChat;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

public final class ModelBenchmark {
  private ModelBenchmark() {}

  public record Settings(Path model, int imageSize, String dtype, int newTokens, int threads) {}

  @SuppressWarnings("try")
  public static ObjectNode run(Settings s, Path out) {
    int threads = ComputeThreads.apply(s.threads());
    ComputeSettings compute = new ComputeSettings(ComputeSettings.parseDtype(s.dtype()), "cpu");
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode r = json.createObjectNode();
    r.put("model", s.model().toString());
    r.put("dtype", s.dtype());
    r.put("image_size", s.imageSize());
    r.put("threads", threads);
    r.put("new_tokens", s.newTokens());
    // measured before the model loads: its two 128 MiB buffers would otherwise add to the peak RSS
    double bandwidth = GenerationBenchmark.copyBandwidth();
    long t0 = System.nanoTime();
    RssSampler rss = new RssSampler("load", 100);
    try (rss; VisualChat chat = VisualChat.load(s.model(), compute); NoGradGuard ng = new NoGradGuard()) {
      r.put("load_s", (System.nanoTime() - t0) / 1e9);
      progress("loaded in %.2f s", r.get("load_s").asDouble());
      Qwen25VlModel model = chat.model();
      byte[] px = new byte[s.imageSize() * s.imageSize() * 3];
      new SplittableRandom(0).nextBytes(px);
      Qwen25VlModel.Batch batch = chat.batch(List.of(new RgbImage(s.imageSize(), s.imageSize(), px)),
          List.of("Which organ is shown in this image? Answer with one word."));
      int t = batch.length();
      r.put("prompt_tokens", t);
      rss.phase("prefill_first");
      r.put("prefill_first_s", prefillSeconds(model, batch, s.newTokens()));
      progress("first prefill %.2f s (%d tokens)", r.get("prefill_first_s").asDouble(), t);
      rss.phase("prefill");
      r.put("prefill_s", prefillSeconds(model, batch, s.newTokens()));
      progress("warm prefill %.2f s", r.get("prefill_s").asDouble());
      rss.phase("vision");
      long v0 = System.nanoTime();
      try (PointerScope scope = new PointerScope()) {
        model.vision().forward(batch.pixelValues(), batch.grids());
      }
      r.put("vision_s", (System.nanoTime() - v0) / 1e9);
      progress("vision %.2f s", r.get("vision_s").asDouble());

      rss.phase("decode"); // its untimed prefill included
      double perToken = decodeSeconds(model, batch, s.newTokens()) / s.newTokens();
      r.put("decode_ms_per_token", perToken * 1e3);
      long weightBytes = 0;
      for (Map.Entry<String, Tensor> e : model.weights().all().entrySet()) {
        // every decoder matrix, the final norm and the head are read per step; embedding rows only for new tokens
        String k = e.getKey();
        if (k.startsWith("lm.layers.") || k.equals("lm.norm.weight") || k.equals("lm_head.weight")) {
          weightBytes += e.getValue().numel() * e.getValue().element_size();
        }
      }
      var tc = model.config().text();
      long kvBytes = 2L * tc.numHiddenLayers() * tc.numKeyValueHeads() * (t + s.newTokens() / 2) * tc.headDim()
          * torch.elementSize(compute.dtype());
      r.put("weight_bytes_per_step", weightBytes + kvBytes);
      r.put("memory_bandwidth_GBps", bandwidth / 1e9);
      r.put("decode_floor_ms", (weightBytes + kvBytes) / bandwidth * 1e3);
      r.put("decode_over_floor", perToken * 1e3 / r.get("decode_floor_ms").asDouble());
      progress("decode %.1f ms/token (floor %.1f)", perToken * 1e3, r.get("decode_floor_ms").asDouble());
    }
    r.put("peak_rss_bytes", statusKb("VmHWM") * 1024);
    // sampled every 100 ms: where the peak sits, and how much of it is mapped weight pages (file)
    rss.writeTo(r.putObject("peak_rss_by_phase"));
    write(json, r, out);
    return r;
  }

  @SuppressWarnings("try")
  static double prefillSeconds(Qwen25VlModel model, Qwen25VlModel.Batch batch, int newTokens) {
    long start = System.nanoTime();
    try (KvCache cache = model.decoder().newCache(1, batch.length() + newTokens); PointerScope scope = new PointerScope()) {
      model.prefill(batch, cache, false);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Greedy decode of {@code n} tokens after an (untimed) prefill; returns the decode seconds. */
  @SuppressWarnings("try")
  static double decodeSeconds(Qwen25VlModel model, Qwen25VlModel.Batch batch, int n) {
    int t = batch.length();
    try (KvCache cache = model.decoder().newCache(1, t + n)) {
      long[] next;
      long[] deltas;
      try (PointerScope scope = new PointerScope()) {
        Qwen25VlModel.Prefill p = model.prefill(batch, cache, false);
        deltas = p.rope().ropeDeltas.clone();
        next = HostTensors.toLongs(torch.argmax(p.logits(), new LongOptional(-1), false));
      }
      long start = System.nanoTime();
      for (int step = 0; step < n; step++) {
        long[][] mask = {Arrays.copyOf(batch.attentionMask()[0], t + step + 1)};
        Arrays.fill(mask[0], t, t + step + 1, 1);
        try (PointerScope scope = new PointerScope()) {
          next = HostTensors.toLongs(torch.argmax(model.decodeStep(next, mask, deltas, cache), new LongOptional(-1), false));
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private static void progress(String fmt, Object... args) {
    System.err.println("bench model: " + String.format(fmt, args));
  }

  static long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  static void write(ObjectMapper json, ObjectNode r, Path out) {
    try {
      if (out.getParent() != null) Files.createDirectories(out.getParent());
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      Files.writeString(tmp, json.writeValueAsString(r) + "\n");
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + out, e);
    }
  }
}

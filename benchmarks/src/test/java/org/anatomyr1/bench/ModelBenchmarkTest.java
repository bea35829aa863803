// `bench model` on a random tiny model in bf16: every field of model.json is present and sane, and
// the per-phase peaks split resident memory into anonymous and file-backed parts. About 5 s on 2 cores.
package org.anatomyr1.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.text.TinyTokenizerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBenchmarkTest {
  @TempDir
  Path tmp;

  @Test
  void bf16RunWritesEveryFieldAndThePhasePeaks() throws Exception {
    QwenImageProcessor.Settings d = QwenImageProcessor.Settings.defaults();
    var small = new QwenImageProcessor.Settings(56 * 56, 112 * 112, d.patchSize(), d.temporalPatchSize(), d.mergeSize(),
        d.imageMean(), d.imageStd(), d.rescaleFactor(), true, true, true);
    Path model = tmp.resolve("model");
    TinyTokenizerFactory.writeTinyModel(model, List.of("Which", "organ", "is", "shown", "in", "this", "image", "Answer", "with", "one", "word"), 3, small);
    Path out = tmp.resolve("bench/model.json");
    ModelBenchmark.run(new ModelBenchmark.Settings(model, 112, "bf16", 3, 1), out);

    JsonNode r = new ObjectMapper().readTree(out.toFile());
    assertFalse(Files.exists(out.resolveSibling("model.json.tmp")), "written through a renamed temporary");
    assertEquals("bf16", r.get("dtype").asText());
    assertEquals(112, r.get("image_size").asInt());
    assertEquals(1, r.get("threads").asInt());
    assertTrue(r.get("prompt_tokens").asInt() > 16, "16 image tokens plus the text: " + r);
    for (String f : List.of("load_s", "prefill_first_s", "prefill_s", "vision_s", "decode_ms_per_token", "decode_floor_ms",
        "memory_bandwidth_GBps", "weight_bytes_per_step", "peak_rss_bytes")) {
      assertTrue(r.hasNonNull(f) && r.get(f).asDouble() > 0, f + " in " + r);
    }
    JsonNode phases = r.get("peak_rss_by_phase");
    List<String> names = new ArrayList<>();
    phases.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("load", "prefill_first", "prefill", "vision", "decode"), names);
    long peak = r.get("peak_rss_bytes").asLong();
    for (String p : names) {
      JsonNode n = phases.get(p);
      long rss = n.get("rss_bytes").asLong(), anon = n.get("anon_bytes").asLong(), file = n.get("file_bytes").asLong();
      assertTrue(rss > 0 && anon > 0 && file > 0, p + ": " + n);
      assertTrue(rss <= peak, p + " sampled " + rss + " above VmHWM " + peak);
      // VmRSS = RssAnon + RssFile + RssShmem (shared memory: a few kB to MB here)
      assertTrue(anon + file <= rss && rss - anon - file < (64L << 20), p + ": " + n);
      assertTrue(n.get("max_anon_bytes").asLong() >= anon, p + ": " + n);
    }
  }
}

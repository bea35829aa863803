// Peak resident memory of this process per named phase (load, prefill, vision, decode), split into
// anonymous memory (heap, tensors) and file pages (mapped weights), sampled from /proc/self/status
// by a daemon thread. VmHWM stays the exact overall peak; sampling can miss spikes shorter than the
// period, so the phase figures are lower bounds that say where the peak sits.
package org.anatomyr1.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

final class RssSampler implements AutoCloseable {
  /** Largest VmRSS seen in a phase, with its RssAnon/RssFile split at that moment, and the largest RssAnon. */
  record Peak(long rssKb, long anonKb, long fileKb, long maxAnonKb) {
    Peak max(long rss, long anon, long file) {
      Peak p = rss > rssKb ? new Peak(rss, anon, file, maxAnonKb) : this;
      return anon > p.maxAnonKb ? new Peak(p.rssKb, p.anonKb, p.fileKb, anon) : p;
    }
  }

  private final Map<String, Peak> peaks = new LinkedHashMap<>();
  private final Thread thread;
  private final long periodMs;
  private volatile String phase;
  private volatile boolean stopped;

  RssSampler(String firstPhase, long periodMs) {
    this.phase = firstPhase;
    this.periodMs = periodMs;
    sample();
    thread = new Thread(this::loop, "rss-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Samples once more for the phase that ends, then attributes samples to {@code name}. */
  void phase(String name) {
    sample();
    phase = name;
    sample();
  }

  private void loop() {
    while (!stopped) {
      sample();
      try {
        Thread.sleep(periodMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample() {
    long[] kb = status("VmRSS", "RssAnon", "RssFile");
    if (kb[0] < 0) return;
    peaks.merge(phase, new Peak(kb[0], kb[1], kb[2], kb[1]), (old, now) -> old.max(kb[0], kb[1], kb[2]));
  }

  synchronized Map<String, Peak> peaks() {
    return new LinkedHashMap<>(peaks);
  }

  /** {"load": {"rss_bytes", "anon_bytes", "file_bytes", "max_anon_bytes"}, ...} under {@code into}. */
  synchronized void writeTo(ObjectNode into) {
    for (Map.Entry<String, Peak> e : peaks.entrySet()) {
      ObjectNode o = into.putObject(e.getKey());
      o.put("rss_bytes", e.getValue().rssKb() * 1024);
      o.put("anon_bytes", e.getValue().anonKb() * 1024);
      o.put("file_bytes", e.getValue().fileKb() * 1024);
      o.put("max_anon_bytes", e.getValue().maxAnonKb() * 1024);
    }
  }

  @Override
  public void close() {
    sample();
    stopped = true;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The given fields of /proc/self/status in kB (-1 each when unreadable: not Linux). */
  static long[] status(String... fields) {
    long[] out = new long[fields.length];
    java.util.Arrays.fill(out, -1);
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        for (int i = 0; i < fields.length; i++) {
          if (line.startsWith(fields[i] + ":")) {
            out[i] = Long.parseLong(line.substring(fields[i].length() + 1).replace("kB", "").trim());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      java.util.Arrays.fill(out, -1);
    }
    return out;
  }
}

package org.anatomyr1.curriculum;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.CliCapture;
import org.anatomyr1.data.ReadResult;
import org.anatomyr1.data.SharedData;
import org.anatomyr1.data.SwiftJsonReader;
import org.anatomyr1.data.VqaSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DifficultyCommandTest {
  @TempDir Path dir;

  /** Issue 4 acceptance: 1,000 records with difficulty in [-1, 1] and bins 0..3. */
  @Test
  void grpoScoredIntoFourNonEmptyBins() {
    Path out = dir.resolve("scored.jsonl");
    CliCapture.Run r = CliCapture.run("difficulty", "--data", SharedData.file("GRPO.json").toString(), "--format", "swift",
        "--bins", "4", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    System.out.println(r.out());
    ReadResult back = new CanonicalJsonl().read(out);
    assertEquals(1000, back.samples().size());
    Set<Integer> bins = new HashSet<>();
    for (VqaSample s : back.samples()) {
      assertTrue(s.difficulty() >= -1 && s.difficulty() <= 1, s.id());
      bins.add(s.bin());
    }
    assertEquals(Set.of(0, 1, 2, 3), bins);
    assertTrue(r.out().contains("encoder: bge-small-en-v1.5 (6 distinct strings embedded"), r.out());
  }

  /** Every one of the 3,000 reference items gets an S(q); each file bins into non-empty bins. */
  @Test
  void allReferenceItemsScored() {
    DifficultyScorer scorer = new DifficultyScorer(SharedEncoder.bge());
    for (String name : SharedData.FILES) {
      List<VqaSample> scored = scorer.scoreAll(new SwiftJsonReader().read(SharedData.file(name)).samples());
      assertEquals(1000, scored.size());
      double[] s = scored.stream().mapToDouble(VqaSample::difficulty).toArray();
      DifficultyBins b = DifficultyBins.quantiles(s, 4);
      int[] counts = new int[4];
      for (double x : s) counts[b.bin(x)]++;
      for (int c : counts) assertTrue(c > 0, name + ": " + java.util.Arrays.toString(counts));
      // 60 (answer, distractor-triple) combinations -> at most 60 distinct S(q) values
      assertTrue(java.util.Arrays.stream(s).distinct().count() <= 60);
    }
  }

  @Test
  void synthDataScoresAndUnknownEncoderFails() {
    Path syn = dir.resolve("syn");
    assertEquals(0, CliCapture.run("synth", "--out", syn.toString(), "--n", "120", "--seed", "3").exit());
    CliCapture.Run r = CliCapture.run("difficulty", "--data", syn.resolve("train.jsonl").toString(), "--bins", "3",
        "--out", dir.resolve("s.jsonl").toString());
    assertEquals(0, r.exit(), r.err());
    System.out.println(r.out());
    CliCapture.Run bad = CliCapture.run("difficulty", "--data", syn.resolve("train.jsonl").toString(), "--encoder", "nope",
        "--out", dir.resolve("x.jsonl").toString());
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("unknown text encoder 'nope'"), bad.err());
  }
}

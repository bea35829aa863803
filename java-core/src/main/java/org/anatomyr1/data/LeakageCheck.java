// Train/test leakage: test items whose image file is byte-identical to a training image (sha256),
// whose image is a near duplicate (64-bit difference hash within NEAR_BITS), or whose question and
// options repeat a training item's text. Reported as counts plus the first pairs; never fatal by
// itself (callers make it fatal under --strict). Images that cannot be read are counted, not fatal.
package org.anatomyr1.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;

public final class LeakageCheck {
  /**
   * Near duplicate: difference hashes at most this many of 64 bits apart (and files not identical).
   * 6 bits (~10%) catches re-encodes, small crops/resizes and mild brightness changes of one frame while
   * distinct frames of a scene typically differ in 15+ bits; tune by the pairs printed.
   */
  public static final int NEAR_BITS = 6;
  /** Pairs listed per kind. */
  public static final int SHOWN = 5;

  /** One leaked test item and the training item it repeats; distance = dHash bits (0 for text / exact). */
  public record Pair(String testId, String trainId, int distance) {}

  public record Report(int testItems, int trainItems, List<Pair> exactImages, List<Pair> nearImages,
      List<Pair> sameText, int unreadableImages) {
    public boolean leaks() {
      return !exactImages.isEmpty() || !nearImages.isEmpty() || !sameText.isEmpty();
    }

    /** Counts plus the first SHOWN pairs of each kind. */
    public void print(PrintStream out, Path testFile, Path trainFile) {
      out.printf(Locale.ROOT, "leakage %s vs training %s: %d of %d test items share an image file (sha256), "
          + "%d a near-duplicate image (dHash <= %d bits), %d the question+options text%s%n",
          testFile, trainFile, exactImages.size(), testItems, nearImages.size(), NEAR_BITS, sameText.size(),
          unreadableImages > 0 ? "; " + unreadableImages + " images unreadable (not compared)" : "");
      show(out, "same image file", exactImages);
      show(out, "near-duplicate image", nearImages);
      show(out, "same question+options", sameText);
    }

    private static void show(PrintStream out, String what, List<Pair> pairs) {
      for (Pair p : pairs.subList(0, Math.min(SHOWN, pairs.size()))) {
        out.println("  " + what + ": test '" + p.testId() + "' ~ train '" + p.trainId() + "'"
            + (p.distance() > 0 ? " (" + p.distance() + " bits)" : ""));
      }
      if (pairs.size() > SHOWN) out.println("  ... " + (pairs.size() - SHOWN) + " more " + what);
    }
  }

  private record Fingerprint(String sha256, long dhash) {}

  private int unreadable;
  private final Map<Path, Fingerprint> cache = new HashMap<>();

  private LeakageCheck() {}

  /** Compares every test item with every training item; each test item is counted once per kind. */
  public static Report check(List<VqaSample> train, Path trainFile, Path trainImagesRoot,
      List<VqaSample> test, Path testFile, Path testImagesRoot) {
    LeakageCheck c = new LeakageCheck();
    Map<String, String> trainSha = new HashMap<>(); // sha256 -> first training id
    Map<String, String> trainText = new HashMap<>(); // normalised text -> first training id
    List<long[]> trainHashes = new ArrayList<>();    // {dhash}
    List<String> trainHashIds = new ArrayList<>();
    for (VqaSample s : train) {
      trainText.putIfAbsent(textKey(s), s.id());
      Fingerprint f = c.fingerprint(s, trainFile, trainImagesRoot);
      if (f == null) continue;
      if (trainSha.putIfAbsent(f.sha256(), s.id()) == null) {
        trainHashes.add(new long[] {f.dhash()});
        trainHashIds.add(s.id());
      }
    }
    List<Pair> exact = new ArrayList<>(), near = new ArrayList<>(), text = new ArrayList<>();
    for (VqaSample s : test) {
      String t = trainText.get(textKey(s));
      if (t != null) text.add(new Pair(s.id(), t, 0));
      Fingerprint f = c.fingerprint(s, testFile, testImagesRoot);
      if (f == null) continue;
      String same = trainSha.get(f.sha256());
      if (same != null) {
        exact.add(new Pair(s.id(), same, 0));
        continue;
      }
      int bestBits = Integer.MAX_VALUE, best = -1; // the closest training image, first on ties
      for (int i = 0; i < trainHashes.size(); i++) {
        int bits = Long.bitCount(trainHashes.get(i)[0] ^ f.dhash());
        if (bits < bestBits) {
          bestBits = bits;
          best = i;
        }
      }
      if (best >= 0 && bestBits <= NEAR_BITS) near.add(new Pair(s.id(), trainHashIds.get(best), bestBits));
    }
    return new Report(test.size(), train.size(), exact, near, text, c.unreadable);
  }

  /** Question and options, case- and whitespace-folded; options as a sorted set (a permutation still leaks). */
  static String textKey(VqaSample s) {
    List<String> opts = new ArrayList<>();
    for (String o : s.options()) opts.add(fold(o));
    opts.sort(null);
    return fold(s.question()) + "\u0000" + String.join("\u0001", opts);
  }

  private static String fold(String x) {
    return x.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private Fingerprint fingerprint(VqaSample s, Path dataFile, Path imagesRoot) {
    if (s.image() == null) return null;
    Path p = ImagePaths.resolve(s.image(), dataFile, imagesRoot).toAbsolutePath().normalize();
    if (cache.containsKey(p)) return cache.get(p);
    Fingerprint f = null;
    try {
      byte[] bytes = Files.readAllBytes(p);
      f = new Fingerprint(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          dhash(ImageFiles.decode(bytes, p.toString())));
    } catch (IOException | RuntimeException e) {
      unreadable++;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    cache.put(p, f);
    return f;
  }

  /**
   * Difference hash: grey image box-averaged to 9 x 8 cells; bit (y, x) = cell(y, x) < cell(y, x + 1).
   * Robust to re-encoding, rescaling and global brightness, sensitive to layout.
   */
  static long dhash(RgbImage img) {
    int w = img.width(), h = img.height();
    double[][] cell = new double[8][9]; // [row][col] mean grey
    for (int cy = 0; cy < 8; cy++) {
      int y0 = cy * h / 8, y1 = Math.max(y0 + 1, (cy + 1) * h / 8);
      for (int cx = 0; cx < 9; cx++) {
        int x0 = cx * w / 9, x1 = Math.max(x0 + 1, (cx + 1) * w / 9);
        double sum = 0;
        int n = 0;
        for (int y = y0; y < Math.min(y1, h); y++) {
          for (int x = x0; x < Math.min(x1, w); x++) {
            sum += 0.299 * img.get(y, x, 0) + 0.587 * img.get(y, x, 1) + 0.114 * img.get(y, x, 2);
            n++;
          }
        }
        cell[cy][cx] = n == 0 ? 0 : sum / n;
      }
    }
    long bits = 0;
    for (int cy = 0; cy < 8; cy++) {
      for (int cx = 0; cx < 8; cx++) {
        bits = (bits << 1) | (cell[cy][cx] < cell[cy][cx + 1] ? 1L : 0L);
      }
    }
    return bits;
  }
}

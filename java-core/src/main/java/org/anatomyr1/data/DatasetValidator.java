// `data validate`: checks every record's text (via the readers) and, optionally, its image
// (exists, decodes), and summarises counts, categories, chance level and a text-only baseline.
package org.anatomyr1.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.anatomyr1.image.ImageDecodeException;
import org.anatomyr1.image.ImageFiles;

public final class DatasetValidator {
  private DatasetValidator() {}

  /** Summary of one validated file. */
  public record Report(
      ReadResult read,
      int imagesOk,
      List<Problem> problems,
      Map<String, Integer> categories,
      Map<Integer, Integer> optionCounts,
      double chance,
      double baseline) {

    public int textValid() {
      return read.samples().size();
    }

    public long problemsOf(Problem.Kind kind) {
      return problems.stream().filter(p -> p.kind() == kind).count();
    }

    /** Human-readable report; {@code maxProblems} < 0 prints every problem. */
    public List<String> lines(int maxProblems) {
      List<String> out = new ArrayList<>();
      out.add("file: " + read.file() + " (format " + read.format().cliName() + ")");
      out.add("records: " + read.records() + ", text-valid: " + textValid() + ", rejected: "
          + read.rejected());
      out.add("images: " + imagesOk + " ok, " + problemsOf(Problem.Kind.IMAGE) + " with problems");
      Map<String, Integer> byField = new TreeMap<>();
      for (Problem p : problems) byField.merge(p.kind() + " " + p.field(), 1, Integer::sum);
      out.add("problems: " + problems.size() + (byField.isEmpty() ? "" : " " + byField));
      int shown = 0;
      for (Problem p : problems) {
        if (maxProblems >= 0 && shown >= maxProblems) {
          out.add("  ... " + (problems.size() - shown) + " more (use --max-problems -1 to list all)");
          break;
        }
        out.add("  " + p.kind().name().toLowerCase() + ": " + p);
        shown++;
      }
      out.add("options per item: " + optionCounts);
      out.add("categories: " + categories);
      out.add(String.format(java.util.Locale.ROOT, "chance level: %.4f", chance));
      out.add(String.format(java.util.Locale.ROOT, "text-only baseline: %.4f (%s)", baseline,
          AnswerPriorBaseline.DESCRIPTION));
      return out;
    }
  }

  /**
   * @param imagesRoot   root for image references, or null (relative to the dataset file)
   * @param checkImages  false skips image checks entirely (text-only work needs no pixels)
   */
  public static Report validate(ReadResult read, Path imagesRoot, boolean checkImages) {
    List<Problem> problems = new ArrayList<>(read.problems());
    int imagesOk = 0;
    Map<String, Integer> categories = new TreeMap<>();
    Map<Integer, Integer> optionCounts = new TreeMap<>();
    Map<String, Integer> firstRecordOfId = new java.util.HashMap<>();
    for (int k = 0; k < read.samples().size(); k++) {
      VqaSample s = read.samples().get(k);
      int index = read.recordIndices().get(k);
      Integer first = firstRecordOfId.putIfAbsent(s.id(), index);
      if (first != null) { // ids key predictions, eval outcomes and leakage checks: two items may not share one
        problems.add(new Problem(read.file(), index, "id", Problem.Kind.TEXT, "duplicate id '" + s.id()
            + "' (first at record " + first + ")"));
      }
      categories.merge(s.category() == null ? "(none)" : s.category(), 1, Integer::sum);
      optionCounts.merge(s.options().size(), 1, Integer::sum);
      if (!checkImages) continue;
      String where = "item " + s.id();
      if (s.image() == null || s.image().isBlank()) {
        problems.add(new Problem(read.file(), index, "image", Problem.Kind.IMAGE, where + ": no image reference"));
        continue;
      }
      Path p = ImagePaths.resolve(s.image(), read.file(), imagesRoot);
      if (!Files.exists(p)) {
        problems.add(new Problem(read.file(), index, "image", Problem.Kind.IMAGE, where + ": missing image " + p));
        continue;
      }
      try {
        org.anatomyr1.image.RgbImage img = ImageFiles.read(p);
        try { // what the image processor would refuse at train/eval time: a side below 28 px, aspect above 200
          org.anatomyr1.image.SmartResize.targetSize(img.height(), img.width(), 28, 56 * 56, 28L * 28 * 1280);
        } catch (IllegalArgumentException tooSmall) {
          problems.add(new Problem(read.file(), index, "image", Problem.Kind.IMAGE,
              where + ": " + p + " is below the image processor's minimum (" + tooSmall.getMessage() + ")"));
          continue;
        }
        imagesOk++;
      } catch (ImageDecodeException e) {
        problems.add(new Problem(read.file(), index, "image", Problem.Kind.IMAGE,
            where + ": unreadable image (" + e.getMessage() + ")"));
      }
    }
    return new Report(read, imagesOk, problems, categories, optionCounts,
        AnswerPriorBaseline.chance(read.samples()), AnswerPriorBaseline.accuracy(read.samples()));
  }
}

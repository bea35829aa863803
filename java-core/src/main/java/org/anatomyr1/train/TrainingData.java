// The training items of a run: read (any supported format), limited, scored and binned for the
// curriculum when it needs difficulties, with their decoded images cached by path.
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.curriculum.CachedTextEncoder;
import org.anatomyr1.curriculum.DifficultyBins;
import org.anatomyr1.curriculum.DifficultyScorer;
import org.anatomyr1.curriculum.PromptScheduler;
import org.anatomyr1.curriculum.TextEncoders;
import org.anatomyr1.data.Datasets;
import org.anatomyr1.data.ImagePaths;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;

public final class TrainingData {
  private final Path file;
  private final List<VqaSample> samples;
  private final Map<String, RgbImage> images = new HashMap<>();
  private Path imagesRoot; // data.images_root: where relative image paths resolve (null: next to the data file)
  private long maxPixels = org.anatomyr1.image.ImageLimits.DEFAULT_MAX_PIXELS; // image.max_pixels

  private TrainingData(Path file, List<VqaSample> samples) {
    this.file = file;
    this.samples = samples;
  }

  public static TrainingData load(TrainConfig c) {
    org.anatomyr1.data.ReadResult read = Datasets.read(c.dataTrain(), c.dataFormat());
    org.anatomyr1.data.SkippedRecords.report(read, RunSafetyKeys.of(c).strict(), System.out); // "N of M records skipped"
    List<VqaSample> s = org.anatomyr1.data.TrainSplit.keep(c.dataTrain(), read.samples(), System.out); // split=val/test left out
    if (c.dataLimit() > 0 && s.size() > c.dataLimit()) s = s.subList(0, c.dataLimit());
    if (s.isEmpty()) throw new IllegalArgumentException(c.dataTrain() + ": no usable items");
    TrainingData d = new TrainingData(c.dataTrain(), List.copyOf(s));
    String root = c.values().getOrDefault("data.images_root", "").strip();
    d.imagesRoot = root.isEmpty() ? null : Path.of(root);
    d.maxPixels = org.anatomyr1.image.ImageLimits.parseMaxPixels(c.values().get("image.max_pixels"));
    return d;
  }

  public List<VqaSample> samples() {
    return samples;
  }

  /** The item's decoded image; an item without one fails with its id (the trainer is visual-only). */
  public RgbImage image(VqaSample item) {
    if (item.image() == null) throw new IllegalArgumentException("item " + item.id() + " has no image");
    return images.computeIfAbsent(item.image(), ref -> {
      try {
        return ImageFiles.read(ImagePaths.resolve(ref, file, imagesRoot), maxPixels);
      } catch (org.anatomyr1.image.ImageDecodeException e) { // name the record besides the image file
        throw new org.anatomyr1.image.ImageDecodeException(file + " item '" + item.id() + "' field 'image': " + e.getMessage());
      }
    });
  }

  /** The prompt scheduler of the config: asc / sorted score S(q) first when the items lack it. */
  public PromptScheduler scheduler(TrainConfig c) {
    return Curricula.create(this, c);
  }

  List<VqaSample> scored(TrainConfig c) {
    if (samples.stream().allMatch(s -> s.difficulty() != null)) return samples;
    // closed here: an onnx: encoder holds a native ONNX Runtime session per run
    try (CachedTextEncoder encoder = new CachedTextEncoder(TextEncoders.create(c.curriculumEncoder()))) {
      return new DifficultyScorer(encoder).scoreAll(samples);
    }
  }

  List<VqaSample> binned(TrainConfig c) {
    List<VqaSample> s = scored(c);
    if (s.stream().allMatch(x -> x.bin() != null && x.bin() < c.curriculumBins())) return s;
    if (c.curriculumBinning().equals("per_answer")) return org.anatomyr1.curriculum.PerAnswerBins.assign(s, c.curriculumBins());
    double[] scores = s.stream().mapToDouble(VqaSample::difficulty).toArray();
    return DifficultyBins.quantiles(scores, c.curriculumBins()).assign(s);
  }
}

// `anatomy-r1 augment`: writes every item's GDQA group to disk so a person can look at it:
// OUT/variants.jsonl (canonical, with source_id and variant) and OUT/images/*.png per image variant.
package org.anatomyr1.gdqa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.data.CanonicalJsonl;
import org.anatomyr1.data.ImagePaths;
import org.anatomyr1.data.ReadResult;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.image.ImageDecodeException;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;

public final class Augmenter {
  private Augmenter() {}

  /** Counts of what was written. */
  public record Summary(int items, int variants, int imagesWritten, int textOnlyItems, List<String> imageProblems) {}

  public static Summary run(ReadResult read, Path imagesRoot, VariantGroupBuilder builder, Path out) {
    return run(read, imagesRoot, builder, out, () -> {});
  }

  /** @param onItem called after each item (progress display) */
  public static Summary run(ReadResult read, Path imagesRoot, VariantGroupBuilder builder, Path out, Runnable onItem) {
    Path imagesDir = out.resolve("images");
    List<VqaSample> records = new ArrayList<>();
    List<String> imageProblems = new ArrayList<>();
    int written = 0;
    int textOnly = 0;
    for (VqaSample item : read.samples()) {
      RgbImage image = null;
      Path src = null;
      if (item.image() != null) {
        src = ImagePaths.resolve(item.image(), read.file(), imagesRoot);
        if (Files.exists(src)) {
          try {
            image = ImageFiles.read(src);
          } catch (ImageDecodeException e) {
            imageProblems.add("item " + item.id() + ": " + e.getMessage());
          }
        }
      }
      if (image == null) textOnly++;
      VariantGroup g = builder.build(item, image);
      String stem = safe(item.id());
      boolean[] done = new boolean[g.size()];
      for (Variant v : g.variants()) {
        VqaSample s = v.sample();
        if (image != null) {
          String name = stem + "-img" + v.imageIndex() + ".png";
          if (!done[v.imageIndex()]) {
            ImageFiles.writePng(imagesDir.resolve(name), v.image() == null ? image : v.image());
            done[v.imageIndex()] = true;
            written++;
          }
          s = s.withImage("images/" + name, s.objects());
        } else if (src != null && Files.exists(src)) {
          // text-only variant of an unreadable image: point at the original from the output folder
          Path rel = out.toAbsolutePath().normalize().relativize(src.toAbsolutePath().normalize());
          s = s.withImage(rel.toString(), s.objects());
        }
        // otherwise (image absent here) the reference stays as written in the source
        records.add(s);
      }
      onItem.run();
    }
    CanonicalJsonl.write(out.resolve("variants.jsonl"), records);
    return new Summary(read.samples().size(), records.size(), written, textOnly, imageProblems);
  }

  /** File-name-safe form of an item id. */
  static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}

// Refuses to convert a dataset whose records name image files that do not exist (without the right
// --images-root every OmniMedVQA image is "missing"), unless the user allows it explicitly.
package org.anatomyr1.data;

import java.nio.file.Files;
import java.nio.file.Path;

public final class MissingImages {
  private MissingImages() {}

  /** Throws naming the count and the first record whose image is missing. */
  public static void refuse(ReadResult read, Path imagesRoot) {
    int missing = 0;
    String first = null;
    for (int i = 0; i < read.samples().size(); i++) {
      VqaSample s = read.samples().get(i);
      if (s.image() == null) continue;
      Path img = ImagePaths.resolve(s.image(), read.file(), imagesRoot);
      if (!Files.isRegularFile(img)) {
        if (missing++ == 0) first = read.file() + " record " + read.recordIndices().get(i) + " field 'image': " + img;
      }
    }
    if (missing > 0) {
      throw new DatasetException(missing + " of " + read.samples().size() + " records name images that do not exist"
          + " (first: " + first + "); pass --images-root DIR where the images are, or --allow-missing-images");
    }
  }
}

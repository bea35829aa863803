// Where an item's image lives: canonical paths are relative to the dataset file; reference-data
// paths such as "/CholecT45/data/VID66/000791.png" are relative to a user-given images root.
package org.anatomyr1.data;

import java.nio.file.Path;

public final class ImagePaths {
  private ImagePaths() {}

  /**
   * @param datasetFile the file the item was read from
   * @param imagesRoot  root for the references (leading '/' stripped), or null to use the file's folder
   */
  public static Path resolve(String image, Path datasetFile, Path imagesRoot) {
    String ref = image.strip();
    if (imagesRoot != null) {
      while (ref.startsWith("/")) ref = ref.substring(1);
      return imagesRoot.resolve(ref);
    }
    Path p = Path.of(ref);
    if (p.isAbsolute()) return p;
    Path dir = datasetFile.toAbsolutePath().getParent();
    return dir == null ? p : dir.resolve(p);
  }
}

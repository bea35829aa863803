// One member of a GDQA group: the rewritten item, its image (null = the source image unchanged or
// not available) and the provenance of both (which rewrite, which transform).
package org.anatomyr1.gdqa;

import org.anatomyr1.data.VqaSample;
import org.anatomyr1.image.RgbImage;

/**
 * @param index       position in the group, 0..G-1
 * @param textIndex   which of the k text variants (0 = original text)
 * @param imageIndex  which of the m image variants (0 = original image)
 */
public record Variant(int index, int textIndex, int imageIndex, VqaSample sample, RgbImage image,
                      String textRecipe, String imageRecipe) {}

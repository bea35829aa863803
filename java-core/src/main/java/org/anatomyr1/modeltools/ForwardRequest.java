// The request file of `anatomy-r1 forward` (shared/golden/README.md): input_ids and attention_mask
// [B][T] (left-padded), images (paths relative to the request file, in the order of their
// image-pad blocks) and optional max_new_tokens for a greedy continuation.
package org.anatomyr1.modeltools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public record ForwardRequest(long[][] inputIds, long[][] attentionMask, List<Path> images, int maxNewTokens) {

  public static ForwardRequest read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read request: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) throw new IllegalArgumentException(file + ": request is not a JSON object");
    long[][] ids = matrix(file, root, "input_ids");
    long[][] mask = root.has("attention_mask") ? matrix(file, root, "attention_mask") : ones(ids);
    if (mask.length != ids.length) {
      throw new IllegalArgumentException(file + ": attention_mask has " + mask.length + " rows, input_ids " + ids.length);
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].length != ids[0].length || mask[i].length != ids[0].length) {
        throw new IllegalArgumentException(file + ": row " + i + " of input_ids/attention_mask has a different length");
      }
    }
    if (ids[0].length == 0) throw new IllegalArgumentException(file + ": input_ids rows are empty (no tokens to run)");
    for (int i = 0; i < mask.length; i++) {
      long real = 0;
      for (int j = 0; j < mask[i].length; j++) {
        if (mask[i][j] != 0 && mask[i][j] != 1) {
          throw new IllegalArgumentException(file + ": attention_mask[" + i + "][" + j + "] = " + mask[i][j] + ", must be 0 or 1");
        }
        real += mask[i][j];
      }
      if (real == 0) throw new IllegalArgumentException(file + ": row " + i + " of attention_mask is all padding (no real token)");
    }
    List<Path> images = new ArrayList<>();
    JsonNode imgs = root.get("images");
    if (imgs != null) {
      if (!imgs.isArray()) throw new IllegalArgumentException(file + ": field 'images' must be a list of paths");
      Path base = file.toAbsolutePath().getParent();
      for (JsonNode n : imgs) {
        if (!n.isTextual()) throw new IllegalArgumentException(file + ": field 'images' must be a list of paths");
        images.add(base.resolve(n.asText()));
      }
    }
    int maxNew = 0;
    if (root.has("max_new_tokens") && !root.get("max_new_tokens").isNull()) {
      JsonNode n = root.get("max_new_tokens");
      if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
        throw new IllegalArgumentException(file + ": field 'max_new_tokens' must be a non-negative integer, got " + n);
      }
      maxNew = n.asInt();
    }
    return new ForwardRequest(ids, mask, images, maxNew);
  }

  /**
   * Checks that the image-pad blocks (runs of {@code imageTokenId} among the real tokens) are as many as
   * the images, in one line naming the request, instead of a tensor-shape error deep in the model.
   */
  public void requireImagePadBlocks(Path file, int imageTokenId) {
    int blocks = 0;
    for (int i = 0; i < inputIds.length; i++) {
      boolean inBlock = false;
      for (int j = 0; j < inputIds[i].length; j++) {
        boolean pad = inputIds[i][j] == imageTokenId && attentionMask[i][j] == 1;
        if (pad && !inBlock) blocks++;
        inBlock = pad;
      }
    }
    if (blocks != images.size()) {
      throw new IllegalArgumentException(file + ": input_ids hold " + blocks + " image-pad block(s) (token " + imageTokenId
          + ") but 'images' lists " + images.size() + " image(s)");
    }
  }

  private static long[][] matrix(Path file, JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null) throw new IllegalArgumentException(file + ": field '" + field + "' is missing");
    if (!n.isArray() || n.isEmpty()) throw new IllegalArgumentException(file + ": field '" + field + "' must be a non-empty [B][T] list");
    long[][] out = new long[n.size()][];
    for (int i = 0; i < out.length; i++) {
      JsonNode row = n.get(i);
      if (!row.isArray()) throw new IllegalArgumentException(file + ": field '" + field + "' row " + i + " is not a list");
      out[i] = new long[row.size()];
      for (int j = 0; j < out[i].length; j++) {
        if (!row.get(j).isIntegralNumber()) {
          throw new IllegalArgumentException(file + ": field '" + field + "'[" + i + "][" + j + "] is not an integer");
        }
        out[i][j] = row.get(j).asLong();
      }
    }
    return out;
  }

  private static long[][] ones(long[][] ids) {
    long[][] m = new long[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      m[i] = new long[ids[i].length];
      java.util.Arrays.fill(m[i], 1);
    }
    return m;
  }
}

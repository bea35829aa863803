// Reads typed fields from a config.json node; a missing or mistyped field fails with the file and
// the dotted field name.
package org.anatomyr1.model.core;

import com.fasterxml.jackson.databind.JsonNode;

final class ConfigFields {
  private final String source; // file name for messages
  private final String prefix; // "" or "vision_config."
  private final JsonNode[] nodes; // searched in order (e.g. text_config, then top level)

  ConfigFields(String source, String prefix, JsonNode... nodes) {
    this.source = source;
    this.prefix = prefix;
    this.nodes = nodes;
  }

  JsonNode find(String name) {
    for (JsonNode n : nodes) {
      if (n != null && n.has(name) && !n.get(name).isNull()) return n.get(name);
    }
    return null;
  }

  boolean has(String name) {
    return find(name) != null;
  }

  IllegalArgumentException error(String name, String what) {
    return new IllegalArgumentException(source + ": field '" + prefix + name + "' " + what);
  }

  int requireInt(String name) {
    JsonNode n = find(name);
    if (n == null) throw error(name, "is missing");
    if (!n.isIntegralNumber() || !n.canConvertToInt()) throw error(name, "must be an integer, got " + n);
    return n.asInt();
  }

  int optInt(String name, int dflt) {
    return has(name) ? requireInt(name) : dflt;
  }

  double requireDouble(String name) {
    JsonNode n = find(name);
    if (n == null) throw error(name, "is missing");
    if (!n.isNumber()) throw error(name, "must be a number, got " + n);
    return n.asDouble();
  }

  boolean optBool(String name, boolean dflt) {
    JsonNode n = find(name);
    if (n == null) return dflt;
    if (!n.isBoolean()) throw error(name, "must be true or false, got " + n);
    return n.asBoolean();
  }

  String optString(String name, String dflt) {
    JsonNode n = find(name);
    if (n == null) return dflt;
    if (!n.isTextual()) throw error(name, "must be a string, got " + n);
    return n.asText();
  }

  int[] requireIntArray(String name) {
    JsonNode n = find(name);
    if (n == null) throw error(name, "is missing");
    return intArray(name, n);
  }

  /** An int or a list of ints (eos_token_id may be either). */
  int[] intOrIntArray(String name, int[] dflt) {
    JsonNode n = find(name);
    if (n == null) return dflt;
    if (n.isIntegralNumber()) return new int[] {n.asInt()};
    return intArray(name, n);
  }

  private int[] intArray(String name, JsonNode n) {
    if (!n.isArray()) throw error(name, "must be a list of integers, got " + n);
    int[] out = new int[n.size()];
    for (int i = 0; i < out.length; i++) {
      if (!n.get(i).isIntegralNumber()) throw error(name, "must be a list of integers, got " + n);
      out[i] = n.get(i).asInt();
    }
    return out;
  }

  static void check(boolean ok, String source, String field, String message) {
    if (!ok) throw new IllegalArgumentException(source + ": field '" + field + "' " + message);
  }
}

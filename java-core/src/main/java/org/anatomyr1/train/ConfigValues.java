// The raw text of every config key and where it came from: the declared defaults, then a YAML/JSON
// file (nested maps become dotted keys), then `key=value` overrides; then every key is parsed at
// once, so a bad value fails before any work starts, in one line naming its source.
package org.anatomyr1.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

final class ConfigValues {
  static final String OVERRIDE = "override";

  final Map<String, String> raw; // every declared key, in declaration order
  final Map<String, String> sources; // key -> config file or "override" (absent: the default)

  ConfigValues(Map<String, String> raw, Map<String, String> sources) {
    this.raw = new LinkedHashMap<>(raw);
    this.sources = new HashMap<>(sources);
  }

  static ConfigValues defaults() {
    return new ConfigValues(ConfigKeys.DEFAULTS, Map.of());
  }

  /** Sets the keys of {@code file} (YAML or JSON; null = none). */
  ConfigValues readFile(Path file) {
    if (file == null) return this;
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) { // file:line:column: reason, one line
      throw new IllegalArgumentException(org.anatomyr1.io.ParseErrors.oneLine(file, e), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read config: " + e.getMessage(), e);
    }
    if (root == null || root.isNull()) return this;
    if (!root.isObject()) throw new IllegalArgumentException(file + ": config must be a map of keys");
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", root, flat);
    for (Map.Entry<String, String> e : flat.entrySet()) put(e.getKey(), e.getValue(), file.toString());
    return this;
  }

  /** Applies {@code key=value} overrides (null = none). */
  ConfigValues override(List<String> overrides) {
    if (overrides == null) return this;
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("override '" + o + "' is not key=value");
      put(o.substring(0, eq).strip(), o.substring(eq + 1).strip(), OVERRIDE);
    }
    return this;
  }

  private void put(String key, String value, String where) {
    if (!raw.containsKey(key)) {
      throw new IllegalArgumentException(where + ": unknown config key '" + key + "'; valid: "
          + String.join(", ", new TreeMap<>(raw).keySet()));
    }
    raw.put(key, value);
    sources.put(key, where);
  }

  /** Every key parsed by its declaration (first invalid value throws), then the checks across keys. */
  Map<String, Object> parseAll() {
    Map<String, Object> parsed = new HashMap<>();
    for (ConfigKey<?> k : ConfigKeys.all()) parsed.put(k.name(), k.parse(raw.get(k.name()), sources.get(k.name())));
    int rank = (Integer) parsed.get(ConfigKeys.LORA_RANK.name());
    if (rank > 0 && ((List<?>) parsed.get(ConfigKeys.LORA_TARGETS.name())).isEmpty()) {
      throw new IllegalArgumentException(where(ConfigKeys.LORA_TARGETS) + "config key 'lora.targets' = '': names no module"
          + " (lora.rank = " + rank + " needs at least one of " + ConfigKeys.LORA_TARGETS.allowed() + ")");
    }
    return parsed;
  }

  private String where(ConfigKey<?> k) {
    String s = sources.get(k.name());
    return s == null ? "" : s + ": ";
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode n = e.getValue();
      if (n.isObject()) {
        // a section may also carry its own value under "value" (e.g. curriculum: {value: asc, bins: 3})
        flatten(key, n, out);
      } else if (n.isArray()) {
        List<String> parts = new ArrayList<>();
        for (JsonNode x : n) parts.add(x.asText());
        out.put(key, String.join(",", parts));
      } else {
        out.put(key.endsWith(".value") ? key.substring(0, key.length() - 6) : key, n.isNull() ? "" : n.asText());
      }
    }
  }
}

// The declared config keys as text, grouped by section: the key list of `train --help`, `sft --help`
// and `anatomy-r1 config keys`, and docs/TRAINING.md's key table (a test fails when the doc is stale).
package org.anatomyr1.train;

import java.util.List;

public final class ConfigKeyTable {
  private ConfigKeyTable() {}

  /** Marks the generated table in docs/TRAINING.md (the lines between them are replaced). */
  public static final String BEGIN = "<!-- config-keys:begin: generated from ConfigKeys by `anatomy-r1 config docs"
      + " docs/TRAINING.md`; do not edit by hand -->";
  public static final String END = "<!-- config-keys:end -->";

  private static List<ConfigKey<?>> in(ConfigSection s) {
    return ConfigKeys.all().stream().filter(k -> k.section() == s).toList();
  }

  /** Plain text for a terminal: section, then one line per key (name, default, allowed, help). */
  public static String text() {
    StringBuilder b = new StringBuilder("Config keys (--config FILE, then KEY=VALUE overrides); [default] (allowed):\n");
    for (ConfigSection s : ConfigSection.values()) {
      b.append("\n ").append(s.title()).append(": ").append(s.meaning()).append('\n');
      for (ConfigKey<?> k : in(s)) {
        b.append(String.format("  %-24s %s [%s] (%s)%n", k.name(), k.help(), k.defaultValue(), k.allowed()));
      }
    }
    return b.toString();
  }

  /** Markdown: per section a heading line and a table of key, default, allowed values, meaning. */
  public static String markdown() {
    StringBuilder b = new StringBuilder();
    for (ConfigSection s : ConfigSection.values()) {
      b.append("\n**").append(s.title()).append("**: ").append(s.meaning()).append("\n\n");
      b.append("| key | default | allowed | meaning |\n|---|---|---|---|\n");
      for (ConfigKey<?> k : in(s)) {
        b.append("| `").append(k.name()).append("` | ").append(k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`")
            .append(" | ").append(cell(k.allowed())).append(" | ").append(cell(k.help())).append(" |\n");
      }
    }
    return BEGIN + "\n" + b + "\n" + END;
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }

  /** {@code doc} with the text between BEGIN and END replaced by {@link #markdown()}; fails without the markers. */
  public static String updated(String doc, String docName) {
    int b = doc.indexOf(BEGIN.substring(0, 22));
    int e = doc.indexOf(END);
    if (b < 0 || e < b) throw new IllegalArgumentException(docName + ": no " + BEGIN.substring(0, 22) + " ... " + END + " block");
    return doc.substring(0, b) + markdown() + doc.substring(e + END.length());
  }
}

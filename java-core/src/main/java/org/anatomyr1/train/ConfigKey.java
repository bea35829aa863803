// One training config key, declared once in ConfigKeys: its dotted name, section, default, value type
// (allowed values or range) and help; parsing, validation, --help, config.yaml and the docs table
// all read it from here.
package org.anatomyr1.train;

/**
 * @param name dotted key ("curriculum.bins"), as in config files, overrides and config.yaml
 * @param defaultValue raw default text ("" = unset: the algorithm's or component's own default applies)
 */
public record ConfigKey<T>(String name, ConfigSection section, String defaultValue, KeyType<T> type, String help) {
  /**
   * The value of {@code raw}; an invalid one fails in one line naming the source (config file or
   * "override"), the key, the value and the allowed values or range.
   */
  T parse(String raw, String source) {
    String s = raw == null ? "" : raw.strip();
    try {
      return type.parse(s);
    } catch (KeyType.Invalid e) {
      throw new IllegalArgumentException((source == null ? "" : source + ": ") + "config key '" + name + "' = '" + s
          + "': " + e.getMessage());
    }
  }

  /** The allowed values or range in words. */
  public String allowed() {
    return type.allowed();
  }
}

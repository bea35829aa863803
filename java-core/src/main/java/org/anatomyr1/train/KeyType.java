// The value type of a config key: how its raw text parses, and the allowed values or range in words
// (the same words in errors, `--help` and docs/TRAINING.md's key table).
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

public final class KeyType<T> {
  /** Thrown by a parser with the reason only ("must be ..."); ConfigKey adds the key, value and source. */
  static final class Invalid extends RuntimeException {
    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Supplier<String> allowed; // lazily: registry names are read when asked
  private final Function<String, T> parse; // stripped raw text -> value, or Invalid

  private KeyType(Supplier<String> allowed, Function<String, T> parse) {
    this.allowed = allowed;
    this.parse = parse;
  }

  /** The allowed values or range, e.g. "integer in [1, 100]" or "one of: asc, random, sorted". */
  public String allowed() {
    return allowed.get();
  }

  T parse(String stripped) {
    return parse.apply(stripped);
  }

  /** Empty or "auto" means unset: null, so that the algorithm's or component's own default applies. */
  KeyType<T> optional() {
    return new KeyType<>(() -> allowed.get() + "; empty = default", s -> unset(s) ? null : parse.apply(s));
  }

  static boolean unset(String s) {
    return s.isEmpty() || s.equalsIgnoreCase("auto");
  }

  static KeyType<Integer> integer(int min, int max) {
    String range = "an integer in [" + min + ", " + max + "]";
    return new KeyType<>(() -> "integer in [" + min + ", " + max + "]", s -> {
      if (unset(s)) throw new Invalid(range + " is required");
      try {
        int x = Integer.parseInt(s);
        if (x >= min && x <= max) return x;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new Invalid("must be " + range);
    });
  }

  /** A count in [1, max]; "off" means 1 (the original only: GDQA's Table 2 ablations); empty = default. */
  static KeyType<Integer> count(int max) {
    KeyType<Integer> n = integer(1, max).optional();
    return new KeyType<>(() -> "integer in [1, " + max + "] or off (= 1); empty = default",
        s -> s.equalsIgnoreCase("off") ? Integer.valueOf(1) : n.parse(s));
  }

  static KeyType<Long> longValue() {
    return new KeyType<>(() -> "64-bit integer", s -> {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new Invalid("must be a 64-bit integer");
      }
    });
  }

  static KeyType<Long> longRange(long min, long max) {
    String words = max == Long.MAX_VALUE ? "integer >= " + min : "integer in [" + min + ", " + max + "]";
    String range = "an " + words;
    return new KeyType<>(() -> words, s -> {
      try {
        long x = Long.parseLong(s);
        if (x >= min && x <= max) return x;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new Invalid("must be " + range);
    });
  }

  static KeyType<Double> real(double min, double max) {
    String range = "a number in [" + min + ", " + max + "]";
    return new KeyType<>(() -> "number in [" + min + ", " + max + "]", s -> {
      if (unset(s)) throw new Invalid(range + " is required");
      try {
        double x = Double.parseDouble(s);
        if (x >= min && x <= max) return x;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new Invalid("must be " + range);
    });
  }

  static KeyType<Boolean> bool() {
    return new KeyType<>(() -> "true/false (or yes/no, on/off, 1/0)", s -> switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new Invalid("must be true or false");
    });
  }

  /** One of the names {@code names} gives (a registry's, read when the key is parsed); case-insensitive. */
  static KeyType<String> choice(Supplier<List<String>> names) {
    return new KeyType<>(() -> "one of: " + String.join(", ", names.get()), s -> {
      String x = s.toLowerCase(Locale.ROOT);
      if (names.get().contains(x)) return x;
      throw new Invalid("must be one of " + String.join(", ", names.get()));
    });
  }

  static KeyType<String> text() {
    return new KeyType<>(() -> "non-empty text", s -> {
      if (s.isEmpty()) throw new Invalid("must not be empty");
      return s;
    });
  }

  /** Text checked by {@code check}, which throws IllegalArgumentException with the reason. */
  static KeyType<String> checked(Supplier<String> allowed, java.util.function.Consumer<String> check) {
    return new KeyType<>(allowed, s -> {
      if (s.isEmpty()) throw new Invalid("must not be empty; " + allowed.get());
      try {
        check.accept(s);
      } catch (IllegalArgumentException e) {
        throw new Invalid(e.getMessage());
      }
      return s;
    });
  }

  static KeyType<String> name() {
    return new KeyType<>(() -> "letters, digits, '.', '_' or '-'", s -> {
      if (s.isEmpty()) throw new Invalid("must not be empty");
      if (!s.matches("[A-Za-z0-9._-]+")) throw new Invalid("must be letters, digits, '.', '_' or '-'");
      return s;
    });
  }

  /** A path; empty = unset (null). */
  static KeyType<Path> path() {
    return new KeyType<>(() -> "path; empty = unset", s -> s.isEmpty() ? null : Path.of(s));
  }

  /** A path; empty = {@code def}. */
  static KeyType<Path> pathOr(String def) {
    return new KeyType<>(() -> "path", s -> Path.of(s.isEmpty() ? def : s));
  }

  /** A comma-separated list whose every element {@code accepts} (names: the valid elements, for errors). */
  static KeyType<List<String>> list(Supplier<List<String>> names, Predicate<String> accepts) {
    return new KeyType<>(() -> "comma-separated list of: " + String.join(", ", names.get()), s -> {
      List<String> out = new ArrayList<>();
      for (String part : s.split(",")) {
        if (part.isBlank()) continue;
        String x = part.strip();
        if (!accepts.test(x)) throw new Invalid("unknown '" + x + "'; valid: " + String.join(", ", names.get()));
        out.add(x);
      }
      return List.copyOf(out);
    });
  }
}

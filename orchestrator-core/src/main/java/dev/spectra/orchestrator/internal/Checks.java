package dev.spectra.orchestrator.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Precondition helpers whose messages name the parameter and the bad value. Not API. */
public final class Checks {
  private Checks() {}

  public static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, () -> name + " == null");
  }

  public static String notBlank(String value, String name) {
    notNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, but was \"" + value + "\"");
    }
    return value;
  }

  public static <T> List<T> copy(List<T> list, String name) {
    if (list == null) {
      return List.of();
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new IllegalArgumentException(name + "[" + i + "] == null");
      }
    }
    return List.copyOf(list);
  }

  public static <K, V> Map<K, V> copy(Map<K, V> map, String name) {
    if (map == null) {
      return Map.of();
    }
    map.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new IllegalArgumentException(name + " must not hold null keys or values, but had " + k + "=" + v);
      }
    });
    return Map.copyOf(map);
  }

  public static long nonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, but was " + value);
    }
    return value;
  }

  public static int positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
    return value;
  }

  public static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
    return value;
  }

  public static Duration positive(Duration value, String name) {
    notNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + value);
    }
    return value;
  }

  /** Shortens text for an exception message: never the whole of a large reply. */
  public static String excerpt(String text, int max) {
    if (text == null) {
      return "null";
    }
    if (text.length() <= max) {
      return text;
    }
    int head = max * 2 / 3;
    int tail = max - head;
    return text.substring(0, head) + "…[" + (text.length() - max) + " chars cut]…" + text.substring(text.length() - tail);
  }
}

package dev.ibridge.property;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/** The implementations behind the primitive generators of {@link Gen}. */
final class Generators {
  private Generators() {}

  /**
   * Unicode scalar values except NUL, as ranges in shrink order. A code point is two choices: the
   * range, then the offset inside it, so that every range turns up often.
   */
  private static final int[][] UNICODE_RANGES = {
    {'a', 'z'},
    {'A', 'Z'},
    {'0', '9'},
    {0x20, 0x7E},
    {0x01, 0x7F},
    {0x80, 0x7FF},
    {0x300, 0x36F},
    {0x800, 0xD7FF},
    {0xE000, 0xFFFF},
    {0x10000, 0x10FFFF},
    {0x1F300, 0x1FAFF},
  };

  static final Gen<Integer> UNICODE =
      d -> {
        Choices c = Choices.of(d);
        int[] range = UNICODE_RANGES[(int) c.choose(UNICODE_RANGES.length - 1)];
        return range[0] + (int) c.choose(range[1] - range[0]);
      };

  /** Copies varargs element by element, so that no generic array escapes. */
  static <T> List<T> copy(T[] values) {
    List<T> out = new ArrayList<>(values.length);
    for (T v : values) {
      out.add(Objects.requireNonNull(v, "null element"));
    }
    return List.copyOf(out);
  }

  static void checkSizes(int min, int max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("need 0 <= min <= max, got min " + min + ", max " + max);
    }
  }

  static long longIn(Choices c, long min, long max) {
    if (min >= 0) {
      return min + c.choose(max - min);
    }
    if (max < 0) {
      return max - c.choose(max - min);
    }
    if (c.choose(1) == 0) {
      return c.choose(max);
    }
    return -1 - c.choose(-(min + 1));
  }

  static <T> Gen<T> frequency(List<Map.Entry<Integer, ? extends Gen<? extends T>>> weighted) {
    if (weighted.isEmpty()) {
      throw new IllegalArgumentException("no generators to pick from");
    }
    long total = 0;
    for (Map.Entry<Integer, ? extends Gen<? extends T>> e : weighted) {
      if (e.getKey() < 0) {
        throw new IllegalArgumentException("weights must not be negative, got " + e.getKey());
      }
      Objects.requireNonNull(e.getValue(), "generator");
      total += e.getKey();
    }
    if (total == 0) {
      throw new IllegalArgumentException("weights add up to 0");
    }
    long last = total - 1;
    return d -> {
      long pick = Choices.of(d).choose(last);
      for (Map.Entry<Integer, ? extends Gen<? extends T>> e : weighted) {
        if (pick < e.getKey()) {
          return d.draw(e.getValue());
        }
        pick -= e.getKey();
      }
      throw new AssertionError("unreachable: pick beyond total weight");
    };
  }

  /**
   * Draws a list. Each element past {@code min} is preceded by a continue choice in
   * {@code [0, k]} (0 stops), and the choice and the element form one span, so the shrinker can
   * delete any element by deleting its span. With a key function, elements whose key was already
   * drawn are drawn again, up to 20 times; without one ({@code null}) any element goes.
   */
  static <T, K> List<T> list(
      Choices c, Gen<T> element, int min, int max, Function<? super T, K> key) {
    long k = Math.max(1, Math.min(5, (max - min) / 2));
    List<T> out = new ArrayList<>();
    Set<K> seen = new HashSet<>();
    while (out.size() < max) {
      c.startSpan();
      if (out.size() >= min && c.choose(k) == 0) {
        c.endSpan();
        break;
      }
      T value = null;
      boolean fresh = false;
      for (int attempt = 0; attempt < 20 && !fresh; attempt++) {
        value = c.draw(element);
        fresh = key == null || seen.add(key.apply(value));
      }
      c.endSpan();
      if (!fresh) {
        if (out.size() >= min) {
          break;
        }
        throw Choices.invalid("no new distinct element after 20 draws");
      }
      out.add(value);
    }
    return List.copyOf(out);
  }

  static <T> List<T> shuffle(Choices c, List<? extends T> list) {
    List<T> out = new ArrayList<>(list);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = i - (int) c.choose(i);
      T t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return List.copyOf(out);
  }

  static byte[] toBytes(List<Long> octets) {
    byte[] b = new byte[octets.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (long) octets.get(i);
    }
    return b;
  }

  static String toText(List<Integer> codePoints) {
    StringBuilder s = new StringBuilder(codePoints.size());
    for (int cp : codePoints) {
      s.appendCodePoint(cp);
    }
    return s.toString();
  }
}

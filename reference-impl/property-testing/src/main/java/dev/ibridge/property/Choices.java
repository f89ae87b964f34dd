package dev.ibridge.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one implementation of {@link Draw}: a recorded sequence of bounded choices. In random mode
 * each choice comes from a seeded {@link SplitMix64}; in replay mode it comes from a given
 * sequence, clamped to its bound, with 0 once the sequence runs out. Either way the choices made
 * are recorded, together with the spans that nested draws covered, for the shrinker.
 */
final class Choices implements Draw {
  /** A hang guard: no single value may take more choices than this. */
  static final int MAX_CHOICES = 1 << 22;
  /** A guard against runaway recursion in generators. */
  static final int MAX_DEPTH = 4096;

  /** Signals that a draw cannot produce a value (a filter gave up, or the guard tripped). */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** A contiguous range of choices made by one nested draw, at some nesting depth. */
  record Span(int start, int end, int depth) {
    int length() {
      return end - start;
    }
  }

  private final SplitMix64 random;
  private final long[] prefix;
  private final int size;
  private long[] values = new long[32];
  private int length;
  private final List<Span> spans = new ArrayList<>();
  private int[] openStarts = new int[16];
  private int depth;

  private Choices(SplitMix64 random, long[] prefix, int size) {
    this.random = random;
    this.prefix = prefix;
    this.size = size;
  }

  static Choices random(long caseSeed, int size) {
    return new Choices(new SplitMix64(caseSeed), null, size);
  }

  static Choices replay(long[] prefix, int size) {
    return new Choices(null, prefix, size);
  }

  static Choices of(Draw draw) {
    return (Choices) draw;
  }

  static Invalid invalid(String message) {
    return new Invalid(message);
  }

  /** Makes one choice in {@code [0, max]}; 0 is always the simplest. */
  long choose(long max) {
    if (max < 0) {
      throw new IllegalArgumentException("choice bound must not be negative, got " + max);
    }
    if (length >= MAX_CHOICES) {
      throw invalid("more than " + MAX_CHOICES + " choices for one value");
    }
    long v;
    if (random != null) {
      v = random.choice(max);
    } else {
      v = length < prefix.length ? Math.min(prefix[length], max) : 0;
    }
    if (length == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[length++] = v;
    return v;
  }

  @Override
  public <T> T draw(Gen<T> gen) {
    startSpan();
    T value = gen.generate(this);
    endSpan();
    return value;
  }

  @Override
  public int size() {
    return size;
  }

  void startSpan() {
    if (depth == openStarts.length) {
      if (depth >= MAX_DEPTH) {
        throw invalid("generators nested deeper than " + MAX_DEPTH);
      }
      openStarts = Arrays.copyOf(openStarts, depth * 2);
    }
    openStarts[depth++] = length;
  }

  void endSpan() {
    int start = openStarts[--depth];
    if (length - start > 0) {
      spans.add(new Span(start, length, depth));
    }
  }

  long[] values() {
    return Arrays.copyOf(values, length);
  }

  List<Span> spans() {
    return spans;
  }
}

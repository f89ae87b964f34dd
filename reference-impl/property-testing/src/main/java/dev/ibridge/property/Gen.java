package dev.ibridge.property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A generator: turns a sequence of bounded choices into a value. Because every value is made from
 * recorded choices, every generator shrinks for free, including those built with {@link #map},
 * {@link #flatMap} and {@link #filter}: the shrinker simplifies the choices and generates again.
 *
 * <p>To build a record, write a lambda that draws each component:
 *
 * <pre>{@code
 * Gen<Toolchain> toolchains = d -> new Toolchain(d.draw(names), d.draw(versions));
 * }</pre>
 *
 * <p>The choice that a generator makes from 0 is its simplest value: 0 (or the bound nearest 0)
 * for numbers, false, the first alternative, the shortest list, the first character of an
 * alphabet. Generators never produce NUL or unpaired surrogates in text unless asked through
 * {@link #codePoints}.
 *
 * <p>Small API: no floating point, no maps, no statistics, no stateful testing; the project has no
 * use for them yet.
 */
@FunctionalInterface
public interface Gen<T> {

  /** Generates one value; implement it by drawing parts from {@code draw}. */
  T generate(Draw draw);

  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    Objects.requireNonNull(f, "f");
    return d -> f.apply(d.draw(this));
  }

  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    Objects.requireNonNull(f, "f");
    return d -> d.draw(f.apply(d.draw(this)));
  }

  /**
   * Keeps only values that satisfy {@code p}, drawing again up to 100 times; after that the case
   * is discarded. A run that discards more cases than it tries fails.
   */
  default Gen<T> filter(Predicate<? super T> p) {
    Objects.requireNonNull(p, "p");
    return d -> {
      for (int i = 0; i < 100; i++) {
        T v = d.draw(this);
        if (p.test(v)) {
          return v;
        }
      }
      throw Choices.invalid("filter rejected 100 values in a row");
    };
  }

  /**
   * The values of the first {@code count} cases of a run with {@code seed}, as
   * {@link Property} would generate them (cases that a filter discards are skipped).
   */
  default List<T> samples(long seed, int count) {
    List<T> out = new ArrayList<>(count);
    for (int i = 0; out.size() < count; i++) {
      if (i > 100 + 100L * count) {
        throw new IllegalStateException("generator discards almost every case");
      }
      try {
        out.add(Choices.random(SplitMix64.caseSeed(seed, i), i % (Draw.MAX_SIZE + 1)).draw(this));
      } catch (Choices.Invalid e) {
        // discarded, as in a run
      }
    }
    return out;
  }

  static <T> Gen<T> constant(T value) {
    return d -> value;
  }

  /** Integers in {@code [min, max]}, shrinking toward the bound nearest 0. */
  static Gen<Integer> ints(int min, int max) {
    Gen<Long> longs = longs(min, max);
    return d -> (int) (long) d.draw(longs);
  }

  /** Longs in {@code [min, max]}, shrinking toward the bound nearest 0. */
  static Gen<Long> longs(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
    }
    return d -> Generators.longIn(Choices.of(d), min, max);
  }

  static Gen<Boolean> booleans() {
    return d -> Choices.of(d).choose(1) == 1;
  }

  /** One of {@code values}, shrinking toward the first. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, into an immutable copy
  static <T> Gen<T> choose(T... values) {
    return choose(Generators.copy(values));
  }

  /** One of {@code values}, shrinking toward the first. */
  static <T> Gen<T> choose(List<? extends T> values) {
    List<? extends T> copy = List.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("nothing to choose from");
    }
    return d -> copy.get((int) Choices.of(d).choose(copy.size() - 1));
  }

  /** A value from one of {@code gens}, picked with equal weight, shrinking toward the first. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, into an immutable copy
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> copy = Generators.copy(gens);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no generators to pick from");
    }
    return d -> d.draw(copy.get((int) Choices.of(d).choose(copy.size() - 1)));
  }

  /**
   * A value from one of the generators, picked in proportion to its weight (the entry's key),
   * shrinking toward the first: {@code frequency(Map.entry(9, common), Map.entry(1, rare))}.
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, into an immutable copy
  static <T> Gen<T> frequency(Map.Entry<Integer, ? extends Gen<? extends T>>... weighted) {
    return Generators.frequency(Generators.copy(weighted));
  }

  /** Lists of {@code min} to {@code max} elements, short ones more often. */
  static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
    Generators.checkSizes(min, max);
    return d -> Generators.<T, Object>list(Choices.of(d), element, min, max, null);
  }

  /** Lists whose elements have distinct {@code key}s, in the order they were drawn. */
  static <T, K> Gen<List<T>> uniqueLists(Gen<T> element, Function<? super T, K> key, int min, int max) {
    Generators.checkSizes(min, max);
    Objects.requireNonNull(key, "key");
    return d -> Generators.list(Choices.of(d), element, min, max, key);
  }

  /** Sets of {@code min} to {@code max} distinct elements, in the order they were drawn. */
  static <T> Gen<Set<T>> sets(Gen<T> element, int min, int max) {
    return uniqueLists(element, Function.identity(), min, max)
        .map(l -> Collections.unmodifiableSet(new LinkedHashSet<>(l)));
  }

  /** {@code list} in an order drawn by Fisher-Yates; it shrinks toward the given order. */
  static <T> Gen<List<T>> shuffle(List<? extends T> list) {
    List<? extends T> copy = List.copyOf(list);
    return d -> Generators.shuffle(Choices.of(d), copy);
  }

  /** Byte arrays of {@code min} to {@code max} bytes, shrinking toward zero bytes. */
  static Gen<byte[]> bytes(int min, int max) {
    Generators.checkSizes(min, max);
    Gen<Long> octet = longs(0, 255);
    return lists(octet, min, max).map(Generators::toBytes);
  }

  /**
   * Any code point in {@code [from, to]}, including NUL and surrogates if the range holds them:
   * this is the explicit way to ask for invalid text.
   */
  static Gen<Integer> codePoints(int from, int to) {
    if (from < 0 || to > Character.MAX_CODE_POINT || from > to) {
      throw new IllegalArgumentException("not a code point range: [" + from + ", " + to + "]");
    }
    return ints(from, to);
  }

  /** The code points of {@code alphabet}, shrinking toward its first. */
  static Gen<Integer> chars(String alphabet) {
    return choose(alphabet.codePoints().boxed().distinct().toList());
  }

  /**
   * Any Unicode scalar value except NUL: ASCII, two- and three-byte UTF-8, combining marks,
   * noncharacters and the supplementary planes (emoji included) are each picked often, so that
   * short strings still meet them. Shrinks toward {@code 'a'}.
   */
  static Gen<Integer> unicode() {
    return Generators.UNICODE;
  }

  /** ASCII identifiers {@code [A-Za-z_][A-Za-z0-9_]*}, shrinking toward {@code "a"}. */
  static Gen<String> identifiers(int minLength, int maxLength) {
    if (minLength < 1) {
      throw new IllegalArgumentException("identifiers have at least one character, got min " + minLength);
    }
    Generators.checkSizes(minLength, maxLength);
    Gen<Integer> first = chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");
    Gen<Integer> rest = chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    Gen<String> tail = strings(rest, minLength - 1, maxLength - 1);
    return d -> new StringBuilder().appendCodePoint(d.draw(first)).append(d.draw(tail)).toString();
  }

  /** Strings of {@code min} to {@code max} code points drawn from {@code codePoints}. */
  static Gen<String> strings(Gen<Integer> codePoints, int min, int max) {
    return lists(codePoints, min, max).map(Generators::toText);
  }

  static <A, B, R> Gen<R> zip(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
    return d -> f.apply(d.draw(a), d.draw(b));
  }

  /** A generator chosen by the current case's {@link Draw#size()}. */
  static <T> Gen<T> sized(IntFunction<? extends Gen<? extends T>> f) {
    return d -> d.draw(f.apply(d.size()));
  }

  /**
   * A recursive structure: {@code base} for leaves, {@code step} to build one level from the
   * generator of the level below. Nesting depth is at most {@code maxDepth}, scaled down by the
   * case's size; it shrinks toward a leaf.
   */
  static <T> Gen<T> recursive(Gen<T> base, Function<Gen<T>, Gen<T>> step, int maxDepth) {
    if (maxDepth < 0) {
      throw new IllegalArgumentException("maxDepth must not be negative, got " + maxDepth);
    }
    List<Gen<T>> levels = new ArrayList<>();
    levels.add(base);
    for (int i = 1; i <= maxDepth; i++) {
      levels.add(oneOf(base, step.apply(levels.get(i - 1))));
    }
    return d -> d.draw(levels.get(maxDepth * d.size() / Draw.MAX_SIZE));
  }
}

package dev.ibridge.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Shrinks a failing case by simplifying its choice sequence and generating again. A candidate is
 * kept only if it still fails with the same kind of failure and its choices (as the generator
 * actually consumed them) are smaller in shortlex order: shorter, or as long and lexicographically
 * smaller. That order is well-founded, so shrinking always ends; the evaluation budget bounds how
 * long it may take.
 */
final class Shrinker<T> {
  private final Gen<T> gen;
  private final Function<T, Throwable> evaluate;
  private final int size;
  private final int budget;
  private final Class<?> failureClass;

  private long[] best;
  private List<Choices.Span> bestSpans;
  private T bestValue;
  private Throwable bestFailure;
  private int evaluations;
  private int improvements;

  Shrinker(
      Gen<T> gen, Function<T, Throwable> evaluate, int size, int budget, Choices failing, T value, Throwable failure) {
    this.gen = gen;
    this.evaluate = evaluate;
    this.size = size;
    this.budget = budget;
    this.failureClass = failure.getClass();
    this.best = failing.values();
    this.bestSpans = failing.spans();
    this.bestValue = value;
    this.bestFailure = failure;
  }

  long[] choices() {
    return best;
  }

  T value() {
    return bestValue;
  }

  Throwable failure() {
    return bestFailure;
  }

  int improvements() {
    return improvements;
  }

  int evaluations() {
    return evaluations;
  }

  Shrinker<T> run() {
    boolean progress = true;
    while (progress && evaluations < budget) {
      progress = deleteSpans();
      progress |= deleteBlocks();
      progress |= zeroSpans();
      progress |= minimiseChoices();
      progress |= sortSiblings();
      if (!progress) {
        progress = redistribute();
      }
    }
    return this;
  }

  /** Tries a candidate; on success it becomes the best case. */
  private boolean attempt(long[] candidate) {
    if (evaluations >= budget) {
      return false;
    }
    evaluations++;
    Choices c = Choices.replay(candidate, size);
    T value;
    try {
      value = c.draw(gen);
    } catch (RuntimeException e) {
      return false;
    }
    long[] consumed = c.values();
    if (compare(consumed, best) >= 0) {
      return false;
    }
    Throwable failure = evaluate.apply(value);
    if (failure == null || failure.getClass() != failureClass) {
      return false;
    }
    best = consumed;
    bestSpans = c.spans();
    bestValue = value;
    bestFailure = failure;
    improvements++;
    return true;
  }

  static int compare(long[] a, long[] b) {
    if (a.length != b.length) {
      return Integer.compare(a.length, b.length);
    }
    return Arrays.compare(a, b);
  }

  /** Distinct spans, longest first, so that big deletions are tried before small ones. */
  private List<Choices.Span> spansBySize() {
    List<Choices.Span> spans = new ArrayList<>(new LinkedHashSet<>(bestSpans));
    spans.sort(Comparator.comparingInt(Choices.Span::length).reversed().thenComparingInt(Choices.Span::start));
    return spans;
  }

  private boolean deleteSpans() {
    boolean progress = false;
    List<Choices.Span> spans = spansBySize();
    for (int i = 0; i < spans.size() && evaluations < budget; i++) {
      Choices.Span s = spans.get(i);
      if (s.end() <= best.length && attempt(without(best, s.start(), s.end()))) {
        progress = true;
        spans = spansBySize();
        i--;
      }
    }
    return progress;
  }

  private boolean deleteBlocks() {
    boolean progress = false;
    for (int k : new int[] {8, 4, 2, 1}) {
      for (int i = best.length - k; i >= 0 && evaluations < budget; i--) {
        if (i + k <= best.length && attempt(without(best, i, i + k))) {
          progress = true;
        }
      }
    }
    return progress;
  }

  private boolean zeroSpans() {
    boolean progress = false;
    List<Choices.Span> spans = spansBySize();
    for (int i = 0; i < spans.size() && evaluations < budget; i++) {
      Choices.Span s = spans.get(i);
      if (s.end() > best.length || allZero(best, s.start(), s.end())) {
        continue;
      }
      long[] candidate = best.clone();
      Arrays.fill(candidate, s.start(), s.end(), 0);
      if (attempt(candidate)) {
        progress = true;
        spans = spansBySize();
      }
    }
    return progress;
  }

  private boolean minimiseChoices() {
    boolean progress = false;
    for (int i = 0; i < best.length && evaluations < budget; i++) {
      long current = best[i];
      if (current == 0) {
        continue;
      }
      if (attempt(with(best, i, 0))) {
        progress = true;
        continue;
      }
      long lo = 0;
      long hi = current;
      while (hi - lo > 1 && evaluations < budget && i < best.length && best[i] == hi) {
        long mid = lo + (hi - lo) / 2;
        if (attempt(with(best, i, mid))) {
          hi = mid;
          progress = true;
        } else {
          lo = mid;
        }
      }
    }
    return progress;
  }

  /** Swaps adjacent sibling spans of equal length when that makes the sequence smaller. */
  private boolean sortSiblings() {
    boolean progress = false;
    List<Choices.Span> spans = new ArrayList<>(new LinkedHashSet<>(bestSpans));
    spans.sort(Comparator.comparingInt(Choices.Span::start));
    for (int i = 0; i < spans.size() && evaluations < budget; i++) {
      Choices.Span a = spans.get(i);
      for (int j = i + 1; j < spans.size(); j++) {
        Choices.Span b = spans.get(j);
        if (b.start() > a.end()) {
          break;
        }
        if (b.start() != a.end() || b.depth() != a.depth() || b.length() != a.length() || b.end() > best.length) {
          continue;
        }
        if (Arrays.compare(best, b.start(), b.end(), best, a.start(), a.end()) < 0) {
          long[] candidate = best.clone();
          System.arraycopy(best, b.start(), candidate, a.start(), a.length());
          System.arraycopy(best, a.start(), candidate, b.start(), a.length());
          progress |= attempt(candidate);
        }
      }
    }
    return progress;
  }

  /** Moves value from a choice to a later one nearby: for sums, where no single choice can drop. */
  private boolean redistribute() {
    boolean progress = false;
    for (int i = 0; i < best.length && evaluations < budget; i++) {
      for (int j = i + 1; j < Math.min(best.length, i + 16) && evaluations < budget; j++) {
        long a = best[i];
        if (a == 0) {
          break;
        }
        for (long moved : new long[] {a, (a + 1) / 2, 1}) {
          long[] candidate = best.clone();
          candidate[i] = a - moved;
          candidate[j] = best[j] > Long.MAX_VALUE - moved ? Long.MAX_VALUE : best[j] + moved;
          if (attempt(candidate)) {
            progress = true;
            break;
          }
        }
      }
    }
    return progress;
  }

  private static long[] without(long[] a, int start, int end) {
    long[] out = new long[a.length - (end - start)];
    System.arraycopy(a, 0, out, 0, start);
    System.arraycopy(a, end, out, start, a.length - end);
    return out;
  }

  private static long[] with(long[] a, int index, long value) {
    long[] out = a.clone();
    out[index] = value;
    return out;
  }

  private static boolean allZero(long[] a, int start, int end) {
    for (int i = start; i < end; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}

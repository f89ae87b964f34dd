package dev.ibridge.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Checks and establishes the canonical order of protocol lists. */
final class Canonical {
  private Canonical() {}

  /**
   * Returns an immutable copy of {@code list} after checking that it is strictly increasing under
   * {@code order} (which also rules out duplicates) and no longer than {@code max}.
   */
  static <T> List<T> requireSorted(List<T> list, Comparator<? super T> order, int max, String field) {
    List<T> copy = List.copyOf(list);
    if (copy.size() > max) {
      throw new IllegalArgumentException(
          field + " has " + copy.size() + " entries, more than the limit of " + max);
    }
    for (int i = 1; i < copy.size(); i++) {
      int c = order.compare(copy.get(i - 1), copy.get(i));
      if (c == 0) {
        throw new IllegalArgumentException(field + " has a duplicate entry at index " + i + ": " + copy.get(i));
      }
      if (c > 0) {
        throw new IllegalArgumentException(
            field + " is not in canonical order at index " + i + ": " + copy.get(i) + " sorts before " + copy.get(i - 1));
      }
    }
    return copy;
  }

  static <T> List<T> sort(List<T> list, Comparator<? super T> order) {
    List<T> copy = new ArrayList<>(list);
    copy.sort(order);
    return copy;
  }
}

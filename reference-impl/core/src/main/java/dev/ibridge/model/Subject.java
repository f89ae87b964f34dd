package dev.ibridge.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * What a record is about: a whole unit (empty module path) or one module inside it. A module path
 * is a {@code ::}-separated list of non-empty segments, none containing {@code :}.
 */
public record Subject(Unit unit, String modulePath) implements Comparable<Subject> {
  /** By unit, then module path in code point order. */
  static final Comparator<Subject> ORDER = Subject::compareTo;

  public Subject {
    Objects.requireNonNull(unit, "unit");
    Text.check(modulePath, "modulePath");
    if (!modulePath.isEmpty()) {
      for (String segment : modulePath.split("::", -1)) {
        if (segment.isEmpty() || segment.indexOf(':') >= 0) {
          throw new IllegalArgumentException(
              "modulePath must be ::-separated non-empty segments, got \"" + modulePath + "\"");
        }
      }
    }
  }

  public static Subject of(Unit unit) {
    return new Subject(unit, "");
  }

  public boolean isWholeUnit() {
    return modulePath.isEmpty();
  }

  @Override
  public int compareTo(Subject o) {
    int c = unit.compareTo(o.unit);
    return c != 0 ? c : Text.compareCodePoints(modulePath, o.modulePath);
  }
}

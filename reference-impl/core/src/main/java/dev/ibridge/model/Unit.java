package dev.ibridge.model;

import java.util.Comparator;

/** A compilation unit, identified independently of the activity that compiles it. */
public record Unit(String packageId, String targetName, String targetKind, String targetTriple)
    implements Comparable<Unit> {
  static final Comparator<Unit> ORDER =
      Comparator.comparing(Unit::packageId, Text.CODE_POINT_ORDER)
          .thenComparing(Unit::targetName, Text.CODE_POINT_ORDER)
          .thenComparing(Unit::targetKind, Text.CODE_POINT_ORDER)
          .thenComparing(Unit::targetTriple, Text.CODE_POINT_ORDER);

  public Unit {
    Text.checkNonEmpty(packageId, "packageId");
    Text.checkNonEmpty(targetName, "targetName");
    Text.checkNonEmpty(targetKind, "targetKind");
    Text.checkNonEmpty(targetTriple, "targetTriple");
  }

  @Override
  public int compareTo(Unit o) {
    return ORDER.compare(this, o);
  }
}

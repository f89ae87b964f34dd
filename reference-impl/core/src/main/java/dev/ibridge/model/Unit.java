package dev.ibridge.model;

import java.util.Comparator;

/** A compilation unit, identified independently of the activity that compiles it. */
public record Unit(String packageId, String targetName, String targetKind, String targetTriple)
    implements Comparable<Unit> {
  /** By package id, target name, target kind, then target triple, each in code point order. */
  static final Comparator<Unit> ORDER = Unit::compareTo;

  public Unit {
    Text.checkNonEmpty(packageId, "packageId");
    Text.checkNonEmpty(targetName, "targetName");
    Text.checkNonEmpty(targetKind, "targetKind");
    Text.checkNonEmpty(targetTriple, "targetTriple");
  }

  @Override
  public int compareTo(Unit o) {
    int c = Text.compareCodePoints(packageId, o.packageId);
    if (c == 0) {
      c = Text.compareCodePoints(targetName, o.targetName);
    }
    if (c == 0) {
      c = Text.compareCodePoints(targetKind, o.targetKind);
    }
    return c != 0 ? c : Text.compareCodePoints(targetTriple, o.targetTriple);
  }
}

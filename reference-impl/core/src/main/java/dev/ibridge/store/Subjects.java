package dev.ibridge.store;

import dev.ibridge.model.Subject;
import dev.ibridge.model.Unit;

/** Text forms of subjects for messages and listings. */
final class Subjects {
  private Subjects() {}

  static String describe(Subject subject) {
    Unit u = subject.unit();
    String unit = u.packageId() + " " + u.targetKind() + ":" + u.targetName() + " (" + u.targetTriple() + ")";
    return subject.isWholeUnit() ? unit : unit + " " + subject.modulePath();
  }
}

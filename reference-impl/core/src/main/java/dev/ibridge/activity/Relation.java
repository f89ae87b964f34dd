package dev.ibridge.activity;

/** Which subjects a facet reads, relative to the subject it is computed for. */
public enum Relation {
  /** The same subject. */
  SELF,
  /** The whole-unit subjects of the units this subject's unit depends on. */
  DEPS,
  /** For a whole-unit subject, the module subjects of its unit; for a module subject, none. */
  MODULES;

  static Relation parse(String text) {
    for (Relation r : values()) {
      if (r.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown relation \"" + text + "\"; expected self, deps or modules");
  }
}

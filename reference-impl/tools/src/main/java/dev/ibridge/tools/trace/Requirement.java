package dev.ibridge.tools.trace;

/** One requirement of the specification: its ID, its strongest keyword and where it is defined. */
public record Requirement(String id, Strength strength, String keyword, String file, int line) {

  /** BCP 14 keywords grouped by force; a requirement takes the strongest keyword it states. */
  public enum Strength {
    /** MUST, MUST NOT, REQUIRED, SHALL, SHALL NOT: a conformance check is mandatory. */
    MUST,
    /** SHOULD, SHOULD NOT, RECOMMENDED, NOT RECOMMENDED. */
    SHOULD,
    /** MAY, OPTIONAL. */
    MAY
  }

  public String location() {
    return file + ":" + line;
  }
}

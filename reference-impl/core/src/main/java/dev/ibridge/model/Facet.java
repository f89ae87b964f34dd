package dev.ibridge.model;

/**
 * A named kind of information about a subject. Core facets are single lower-case words
 * ({@code analysis}); a tool's own facets are dot-separated and reverse-DNS prefixed
 * ({@code org.rust-lang.clippy.lints}). Each dot-separated segment starts with a lower-case ASCII
 * letter and continues with lower-case letters, digits and hyphens, so a facet name can never be
 * {@code .} or {@code ..}, hold a path separator, or differ from another only in case.
 */
public record Facet(String name) implements Comparable<Facet> {
  public static final Facet METADATA = new Facet("metadata");
  public static final Facet ANALYSIS = new Facet("analysis");
  public static final Facet DIAGNOSTICS = new Facet("diagnostics");
  public static final Facet CODEGEN = new Facet("codegen");
  public static final Facet DOC = new Facet("doc");

  public Facet {
    if (name == null) {
      throw new NullPointerException("name");
    }
    if (name.length() > Limits.MAX_FACET_LENGTH) {
      throw new IllegalArgumentException(
          "facet name is " + name.length() + " characters, more than " + Limits.MAX_FACET_LENGTH);
    }
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "facet name must be dot-separated segments of [a-z][a-z0-9-]*, got \"" + name + "\"");
    }
  }

  /** Whether {@code name} is dot-separated segments of {@code [a-z][a-z0-9-]*}. */
  private static boolean isValidName(String name) {
    boolean segmentStart = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (segmentStart) {
        if (c < 'a' || c > 'z') {
          return false;
        }
        segmentStart = false;
      } else if (c == '.') {
        segmentStart = true;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return !segmentStart;
  }

  /** Whether this is a core facet (one segment) rather than a tool's own (reverse-DNS). */
  public boolean isCore() {
    return name.indexOf('.') < 0;
  }

  @Override
  public int compareTo(Facet o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}

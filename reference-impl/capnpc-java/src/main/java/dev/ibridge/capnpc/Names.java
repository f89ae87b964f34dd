package dev.ibridge.capnpc;

import java.util.Set;

/** How Cap'n Proto names become Java names. */
final class Names {
  /** Nested class names the generator itself uses inside every struct class. */
  static final Set<String> RESERVED_CLASS_NAMES = Set.of("Reader", "Builder", "Factory", "Which");

  private Names() {}

  /** {@code fooBar} becomes {@code FooBar}. */
  static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** {@code fooBar2Baz} becomes {@code FOO_BAR2_BAZ}; {@code sha256} stays {@code SHA256}. */
  static String constant(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }

  /** The last component of a path, such as {@code ibridge.capnp} for {@code schemas/v1/ibridge.capnp}. */
  static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The default outer class for a schema file: {@code ibridge.capnp} gives {@code Ibridge}. */
  static String outerClassFor(String filename) {
    String base = baseName(filename);
    int dot = base.indexOf('.');
    String stem = dot > 0 ? base.substring(0, dot) : base;
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
      out.insert(0, "Schema");
    }
    return out.toString();
  }
}

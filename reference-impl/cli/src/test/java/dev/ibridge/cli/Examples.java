package dev.ibridge.cli;

import java.nio.file.Path;

/** The repository's bundled examples; the build passes their directory in {@code ibridge.examples}. */
final class Examples {
  private Examples() {}

  static Path path(String name) {
    String dir = System.getProperty("ibridge.examples");
    if (dir == null) {
      throw new IllegalStateException("system property ibridge.examples is not set; run the tests through Maven");
    }
    return Path.of(dir).resolve(name).normalize();
  }
}

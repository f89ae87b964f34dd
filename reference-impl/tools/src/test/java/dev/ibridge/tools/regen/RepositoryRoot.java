package dev.ibridge.tools.regen;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found by walking up from the working directory. */
final class RepositoryRoot {
  private RepositoryRoot() {}

  static Path find() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("schemas/v1/protocol.json"))) {
        return p;
      }
    }
    throw new IllegalStateException("no schemas/v1/protocol.json above " + dir);
  }
}

package dev.ibridge.tools.schema;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, found by walking up from the module directory. */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("schemas/v1/ibridge.capnp"))) {
        return p;
      }
    }
    throw new IllegalStateException("no schemas/v1/ibridge.capnp above " + dir);
  }

  public static Path schemas() {
    return root().resolve("schemas");
  }

  public static Path compatFixtures() {
    return root().resolve("reference-impl/tools/src/test/resources/compat");
  }
}

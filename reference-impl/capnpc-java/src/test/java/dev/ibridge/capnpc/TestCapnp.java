package dev.ibridge.capnpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tests' paths in the checkout, and {@link CapnpTool} run from its root. A missing capnp fails a test; it never skips it. */
final class TestCapnp {
  private TestCapnp() {}

  /** The repository root, found by walking up from the module directory. */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("schemas/v1/ibridge.capnp"))) {
        return p;
      }
    }
    throw new IllegalStateException("no schemas/v1/ibridge.capnp above " + dir);
  }

  static Path ibridgeSchema() {
    return repoRoot().resolve("schemas/v1/ibridge.capnp");
  }

  static Path fixtureSchema() {
    return repoRoot().resolve("reference-impl/capnpc-java/src/test/resources/fixture.capnp");
  }

  static Schema compile(Path schema) throws IOException {
    return CapnpTool.compile(repoRoot(), schema.toString());
  }

  static byte[] run(byte[] stdin, String... args) throws IOException {
    return CapnpTool.run(repoRoot(), stdin, args);
  }
}

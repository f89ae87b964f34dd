package dev.ibridge.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The evolution gate over the committed released schemas: every released major version
 * ({@code schemas/released/vN}) must still exist under {@code schemas/vN}, and the current files
 * must be a compatible evolution of the released ones. A breaking change therefore fails here
 * unless it goes into a new major directory, {@code schemas/vN+1}.
 */
class ReleasedSchemasGateTest {

  @Test
  void currentSchemasAreCompatibleWithEveryReleasedMajor() throws IOException, SchemaException {
    List<Path> released = majors(RepoPaths.schemas().resolve("released"));
    assertThat(released).as("released majors").isNotEmpty();
    for (Path old : released) {
      Path current = RepoPaths.schemas().resolve(old.getFileName());
      assertThat(current).as("released " + old.getFileName() + " is still in schemas/").isDirectory();
      CompatReport report = SchemaCompat.compare(old, current);
      assertThat(report.breaking())
          .as("breaking changes to released " + old.getFileName() + "; a breaking change needs a new major "
              + "directory (see schemas/README.md)")
          .isEmpty();
    }
  }

  private static List<Path> majors(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().matches("v[0-9]+")).sorted().toList();
    }
  }
}

package dev.ibridge.tools.regen;

import dev.ibridge.conformance.vectors.VectorFiles;
import dev.ibridge.internal.vectors.VectorValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the golden vectors of the suite's {@link VectorValues} into a directory, for
 * {@code ./regenerate}. JSON files in it that are no longer generated are deleted, so it always
 * holds exactly the current set.
 */
final class VectorGenerator {
  private VectorGenerator() {}

  static void write(Path dir) throws IOException {
    write(dir, VectorFiles.render(VectorValues.all()));
  }

  static void write(Path dir, Map<String, String> files) throws IOException {
    Files.createDirectories(dir);
    List<Path> stale;
    try (Stream<Path> walk = Files.walk(dir)) {
      stale = walk.filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !files.containsKey(dir.relativize(p).toString().replace('\\', '/')))
          .toList();
    }
    for (Path p : stale) {
      Files.delete(p);
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path target = dir.resolve(e.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
    }
  }
}

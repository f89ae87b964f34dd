package dev.ibridge.conformance.vectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the golden vectors: {@code java dev.ibridge.conformance.vectors.VectorGenerator DIR}
 * (default {@code conformance-suite/vectors/v1}). JSON files in DIR that are no longer generated
 * are deleted, so DIR always holds exactly the current set. See {@code vectors/regenerate.sh}.
 */
public final class VectorGenerator {
  private VectorGenerator() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "conformance-suite/vectors/v1");
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

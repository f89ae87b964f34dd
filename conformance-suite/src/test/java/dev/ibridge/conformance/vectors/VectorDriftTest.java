package dev.ibridge.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.internal.vectors.VectorValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The checked-in vectors are exactly what the generator writes today. */
class VectorDriftTest {
  static final Path DIR = Path.of(System.getProperty("basedir", "."), "vectors", "v1");
  static final String REGENERATE =
      "If the change is intended, run ./regenerate from the repository root and review the diff.";

  @Test
  void checkedInVectorsMatchTheGenerator() throws IOException {
    Map<String, String> expected = VectorFiles.render(VectorValues.all());
    Map<String, String> actual = readAll(DIR);
    List<String> drift = new ArrayList<>();
    for (String path : expected.keySet()) {
      if (!actual.containsKey(path)) {
        drift.add("missing: " + path);
      } else if (!actual.get(path).equals(expected.get(path))) {
        drift.add("differs: " + path);
      }
    }
    for (String path : actual.keySet()) {
      if (!expected.containsKey(path)) {
        drift.add("not generated: " + path);
      }
    }
    assertThat(drift)
        .as("golden vectors in %s drifted from VectorValues. %s", DIR.toAbsolutePath(), REGENERATE)
        .isEmpty();
  }

  @Test
  void renderingIsDeterministic() {
    assertThat(VectorFiles.render(VectorValues.all())).isEqualTo(VectorFiles.render(VectorValues.all()));
  }

  static Map<String, String> readAll(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(p -> p.toString().endsWith(".json")).toList()) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return files;
  }
}

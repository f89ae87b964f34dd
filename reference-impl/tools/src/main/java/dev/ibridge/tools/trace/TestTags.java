package dev.ibridge.tools.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the requirement tags ({@code @Tag("REQ-…")}) of the Java tests under a repository. */
final class TestTags {
  private static final Pattern TAG = Pattern.compile("@Tag\\(\"(REQ-[A-Z]+-[0-9]{3})\"\\)");

  private TestTags() {}

  /** Maps each requirement ID to the simple names of the test classes tagged with it. */
  static Map<String, Set<String>> scan(Path root) throws IOException {
    Map<String, Set<String>> tags = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/test/java/"))
          .filter(p -> !p.toString().contains("/target/"))
          .forEach(p -> collect(p, tags));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return tags;
  }

  static void collect(String testName, String source, Map<String, Set<String>> tags) {
    Matcher m = TAG.matcher(source);
    while (m.find()) {
      tags.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(testName);
    }
  }

  private static void collect(Path file, Map<String, Set<String>> tags) {
    String name = file.getFileName().toString().replaceFirst("\\.java$", "");
    try {
      collect(name, Files.readString(file, StandardCharsets.UTF_8), tags);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

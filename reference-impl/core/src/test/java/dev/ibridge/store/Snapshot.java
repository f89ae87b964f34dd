package dev.ibridge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every regular file under a directory, by relative path, with its content as hex. */
record Snapshot(Map<String, String> files) {
  static Snapshot of(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile).forEach(p -> {
          try {
            files.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    return new Snapshot(files);
  }

  /** The snapshot without the lock file and the staging area, which hold no store content. */
  Snapshot content() {
    Map<String, String> kept = new TreeMap<>(files);
    kept.keySet().removeIf(k -> k.equals("lock") || k.startsWith("tmp"));
    return new Snapshot(kept);
  }
}

package dev.ibridge.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories for the store benchmarks, on tmpfs or on the disk. */
final class BenchStores {
  private static final Path TMPFS = Path.of("/dev/shm");

  private BenchStores() {}

  /**
   * A new empty directory: under /dev/shm for {@code tmpfs}, where fsync costs nothing, or under
   * java.io.tmpdir for {@code disk}, where every atomic publication pays for its fsync.
   */
  static Path createDir(String fs, String prefix) throws IOException {
    Path parent =
        switch (fs) {
          case "tmpfs" -> TMPFS;
          case "disk" -> Path.of(System.getProperty("java.io.tmpdir"));
          default -> throw new IllegalArgumentException("fs must be tmpfs or disk, got \"" + fs + "\"");
        };
    if (!Files.isDirectory(parent)) {
      throw new IllegalStateException(parent + " does not exist here; run with -p fs=disk");
    }
    return Files.createTempDirectory(parent, "ibridge-bench-" + prefix + "-");
  }

  /** Bytes of all regular files under {@code dir}: their apparent sizes, not disk blocks. */
  static long bytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(BenchStores::size).sum();
    }
  }

  static long files(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.ibridge.capnp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs Debian's capnp for interop tests. A missing tool fails the test; it never skips it. */
final class CapnpTool {
  static final String CAPNP = "/usr/bin/capnp";

  private CapnpTool() {}

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

  /** Runs capnp with {@code args}, feeding {@code stdin}; returns stdout, failing on a non-zero exit. */
  static byte[] run(byte[] stdin, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(CAPNP);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(repoRoot().toFile()).start();
    CompletableFuture<byte[]> out = drain(process.getInputStream());
    CompletableFuture<byte[]> err = drain(process.getErrorStream());
    try (var in = process.getOutputStream()) {
      in.write(stdin);
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("capnp " + String.join(" ", args) + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException("capnp " + String.join(" ", args) + " exited with " + process.exitValue() + ": "
          + new String(err.join(), StandardCharsets.UTF_8));
    }
    return out.join();
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        stream.transferTo(buffer);
        return buffer.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}

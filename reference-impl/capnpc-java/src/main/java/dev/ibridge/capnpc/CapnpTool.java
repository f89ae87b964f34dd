package dev.ibridge.capnpc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Cap'n Proto's own tool, {@code capnp} (Debian package capnproto), from the PATH: the one
 * place the project starts it, for {@code ./regenerate} and the interop tests. A missing tool, a
 * run over 60 s and a non-zero exit are each an IOException that says so.
 */
public final class CapnpTool {
  private CapnpTool() {}

  /** {@code capnp compile -o- SCHEMA} in {@code dir}, parsed; {@code schema} is relative to {@code dir}. */
  public static Schema compile(Path dir, String schema) throws IOException {
    byte[] request = run(dir, new byte[0], "compile", "-o-", schema);
    return Schema.read(Channels.newChannel(new ByteArrayInputStream(request)));
  }

  /** Runs {@code capnp ARGS} in {@code dir}, feeding it {@code stdin}; returns what it wrote to stdout. */
  public static byte[] run(Path dir, byte[] stdin, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("capnp");
    command.addAll(List.of(args));
    String shown = String.join(" ", command);
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).start();
    } catch (IOException e) {
      throw new IOException("cannot run capnp (Debian package capnproto): " + e.getMessage(), e);
    }
    CompletableFuture<byte[]> out = drain(process.getInputStream());
    CompletableFuture<byte[]> err = drain(process.getErrorStream());
    try (var in = process.getOutputStream()) {
      in.write(stdin);
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(shown + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + shown, e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(shown + " exited with " + process.exitValue() + ": "
          + new String(err.join(), StandardCharsets.UTF_8).strip());
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
        return new byte[0];
      }
    });
  }
}

package dev.ibridge.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the ibridge command, with its captured streams. */
record Run(int exitCode, byte[] stdoutBytes, String stderr) {
  static Run of(String... args) {
    return withStdin(new byte[0], args);
  }

  static Run withStdin(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(args, new ByteArrayInputStream(stdin), out, err);
    return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  static Run withStdin(String stdin, String... args) {
    return withStdin(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  String stdout() {
    return new String(stdoutBytes, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr;
  }
}

package dev.ibridge.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The standard streams a command uses; injected so that tests run commands in process. */
final class Io {
  final InputStream stdin;
  /** Raw standard output, for binary results. Flush {@link #out} before writing to it. */
  final OutputStream stdout;
  /** Standard output as UTF-8 text. */
  final PrintWriter out;
  /** Standard error as UTF-8 text; only {@link Cli} writes to it. */
  final PrintWriter err;

  Io(InputStream stdin, OutputStream stdout, OutputStream stderr) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
    this.err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
  }
}

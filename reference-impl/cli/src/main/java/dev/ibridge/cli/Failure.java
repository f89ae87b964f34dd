package dev.ibridge.cli;

/**
 * Ends a command with an exit code and one line on stderr, {@code ibridge: SOURCE: MESSAGE}, where
 * SOURCE is the file (or {@code <stdin>}, or the command for usage errors) the problem is about.
 */
final class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String source;

  private Failure(int exitCode, String source, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.source = source;
  }

  /** The input is missing, unreadable or invalid: exit 2. */
  static Failure input(String source, String message, Throwable cause) {
    return new Failure(ExitCodes.USAGE_OR_INPUT, source, message, cause);
  }

  static Failure input(String source, String message) {
    return input(source, message, null);
  }

  /** The input was read and a check on it failed: exit 1. */
  static Failure check(String source, String message) {
    return new Failure(ExitCodes.CHECK_FAILED, source, message, null);
  }

  int exitCode() {
    return exitCode;
  }

  String source() {
    return source;
  }
}

package dev.ibridge.cli.store;

/**
 * Ends a store command with an exit code and one line on stderr, {@code ibridge: SOURCE: MESSAGE}.
 * The codes are those of every ibridge command: 1 when a check on readable input failed, 2 when
 * the input or the store is missing, unreadable or refused.
 */
final class Outcome extends RuntimeException {
  private static final long serialVersionUID = 1L;
  static final int OK = 0;
  static final int CHECK_FAILED = 1;
  static final int INPUT = 2;

  final int exitCode;
  final String source;

  Outcome(int exitCode, String source, String message) {
    super(message);
    this.exitCode = exitCode;
    this.source = source;
  }
}

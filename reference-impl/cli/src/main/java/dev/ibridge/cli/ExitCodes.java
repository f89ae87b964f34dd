package dev.ibridge.cli;

/** The exit codes of every ibridge command. */
final class ExitCodes {
  /** The command did what was asked. */
  static final int OK = 0;
  /** The input was read, and a check on it failed. */
  static final int CHECK_FAILED = 1;
  /** The command line was wrong, or an input could not be read or is not valid. */
  static final int USAGE_OR_INPUT = 2;
  /** A bug in ibridge itself (EX_SOFTWARE of sysexits.h). */
  static final int INTERNAL = 70;

  private ExitCodes() {}
}

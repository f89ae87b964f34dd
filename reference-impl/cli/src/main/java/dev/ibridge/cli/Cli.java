package dev.ibridge.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds and runs the {@code ibridge} command line. Every error becomes one line on stderr,
 * {@code ibridge: SOURCE: MESSAGE}, and an exit code from {@link ExitCodes}; never a stack trace.
 */
final class Cli {
  private Cli() {}

  /** Runs one command with the given streams and returns its exit code. */
  static int run(String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr) {
    Io io = new Io(stdin, stdout, stderr);
    try {
      return commandLine(io).execute(args);
    } finally {
      io.out.flush();
      io.err.flush();
    }
  }

  static CommandLine commandLine(Io io) {
    CommandLine cl = new CommandLine(new IbridgeCommand(io));
    cl.setOut(io.out);
    cl.setErr(io.err);
    cl.setParameterExceptionHandler((e, args) -> usageError(io.err, e));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> executionError(io.err, e));
    return cl;
  }

  private static int usageError(PrintWriter err, ParameterException e) {
    CommandLine cmd = e.getCommandLine();
    String command = cmd.getCommandSpec().qualifiedName(" ");
    report(err, cmd.getParent() == null ? "usage" : cmd.getCommandName(),
        message(e, cmd) + " (see '" + command + " --help')");
    return ExitCodes.USAGE_OR_INPUT;
  }

  /** picocli's message, except for a word it could not place, which it reports by its index. */
  private static String message(ParameterException e, CommandLine cmd) {
    if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
      // picocli starts some messages with "Error: "; the line already says it is one.
      return String.valueOf(e.getMessage()).replaceFirst("^Error: ", "");
    }
    String word = u.getUnmatched().get(0);
    if (word.startsWith("-")) {
      return "unknown option '" + word + "'";
    }
    if (!cmd.getSubcommands().isEmpty() && cmd.getCommandSpec().positionalParameters().isEmpty()) {
      return "unknown command '" + word + "'; the commands are " + String.join(", ", cmd.getSubcommands().keySet());
    }
    return "unexpected argument '" + word + "'";
  }

  private static int executionError(PrintWriter err, Exception e) {
    if (e instanceof Failure f) {
      report(err, f.source(), f.getMessage());
      return f.exitCode();
    }
    report(err, "internal error", e.toString());
    return ExitCodes.INTERNAL;
  }

  /** Prints {@code ibridge: SOURCE: MESSAGE} as exactly one line. */
  static void report(PrintWriter err, String source, String message) {
    err.println("ibridge: " + oneLine(source) + ": " + oneLine(message));
    err.flush();
  }

  private static String oneLine(String s) {
    return String.valueOf(s).replaceAll("[\\r\\n]+", " ").strip();
  }
}

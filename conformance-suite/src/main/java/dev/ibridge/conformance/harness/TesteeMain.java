package dev.ibridge.conformance.harness;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the bundled Java reference as a testee over standard input and output, so that it runs
 * through the subprocess harness like any other implementation:
 *
 * <pre>
 * java -cp CLASSPATH dev.ibridge.conformance.harness.TesteeMain [--jsonl] [--mutant NAME]
 * </pre>
 *
 * {@code --jsonl} speaks the JSON-lines mode; {@code --mutant NAME} wraps the reference in the
 * mutant of that name from the installed {@link MutantCatalog}s. The {@code IBRIDGE_REMOTE*}
 * variables give the reference its remote tier (spec chapter "Remote stores"), whose uploads run
 * when the input ends. Standard output carries frames only; everything else goes to standard error. Exit status: 0 after Shutdown or the end of the
 * input, 2 on a usage error.
 */
public final class TesteeMain {
  private TesteeMain() {}

  public static void main(String[] args) throws IOException {
    // Frames own standard output; keep anything else that prints from corrupting them.
    PrintStream frames = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
    System.setOut(System.err);
    HarnessFraming framing = HarnessFraming.BINARY;
    String mutant = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jsonl" -> framing = HarnessFraming.JSON_LINES;
        case "--mutant" -> {
          if (i + 1 >= args.length) {
            usage("--mutant needs a name");
          }
          mutant = args[++i];
        }
        default -> usage("unknown argument \"" + args[i] + "\"");
      }
    }
    // The remote tier comes from the process's IBRIDGE_REMOTE* variables (spec chapter "Remote
    // stores"); its one warning line goes to standard error.
    Testee testee = InProcessTestee.configured(HarnessFraming.BINARY, System.getenv(), System.err::println);
    if (mutant != null) {
      try {
        testee = MutantCatalog.lookup(mutant, testee);
      } catch (IllegalArgumentException e) {
        usage(e.getMessage());
      }
    }
    try (Testee served = testee) {
      var in = new BufferedInputStream(System.in);
      var out = new BufferedOutputStream(frames);
      (served instanceof ServesFrames s ? s.server(in, out, framing) : new TesteeServer(served, in, out, framing)).serve();
    }
    frames.flush();
  }

  /**
   * The command that runs this class in a fresh JVM with the current class path, followed by
   * {@code args}: what a runner hands {@link SubprocessTestee} to test the reference (or a mutant)
   * through the subprocess harness.
   */
  public static List<String> javaCommand(String... args) {
    return javaCommand(TesteeMain.class, args);
  }

  /** The command that runs {@code main} in a fresh JVM with the current class path, followed by {@code args}. */
  public static List<String> javaCommand(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  private static void usage(String problem) {
    System.err.println("TesteeMain: " + problem);
    System.err.println("usage: TesteeMain [--jsonl] [--mutant NAME]   mutants: " + MutantCatalog.allNames());
    System.exit(2);
  }
}

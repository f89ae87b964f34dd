package dev.ibridge.cli.cargo;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ibridge cargo CMD [ARGS...]}: runs {@code cargo ibridge CMD ARGS...}, the Rust front,
 * with the same arguments. Cargo's path through the bridge needs no JVM; this command is kept so
 * that {@code ./ibridge cargo check} in this repository keeps working.
 */
@Command(
    name = "cargo",
    header = "Runs 'cargo ibridge CMD ARGS...' (the Rust cargo front) with the same arguments.",
    description = {
      "Runs the cargo-ibridge binary with CMD and ARGS: cargo through the rustc wrapper and the"
          + " store, a summary of what hit on stderr, 'explain CRATE' and 'gc'; see"
          + " 'cargo ibridge --help'. Exits with its exit code.",
      "cargo-ibridge is taken from PATH, else from emitters/rust/target/release in this"
          + " repository; install it with 'cargo install --path emitters/rust' or build it with"
          + " '(cd emitters/rust && cargo build --release)'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge cargo check",
      "  ibridge cargo -v clippy --workspace",
      "  ibridge cargo explain geometry"
    },
    modelTransformer = CargoCommand.PassArgumentsThrough.class)
public final class CargoCommand implements Callable<Integer> {
  static final String BINARY = "cargo-ibridge";
  static final String IN_REPO = "emitters/rust/target/release/" + BINARY;

  @Parameters(arity = "1..*", paramLabel = "CMD [ARGS]", description = "cargo ibridge's command and arguments.")
  List<String> cargoArgs;

  @Spec CommandSpec spec;

  /** Everything after {@code cargo} belongs to cargo, options included. */
  static final class PassArgumentsThrough implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      spec.parser().stopAtPositional(true).unmatchedOptionsArePositionalParams(true);
      return spec;
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<Path> front = front(System.getenv(), repositoryRoot());
    if (front.isEmpty()) {
      err.println("ibridge: cargo: no " + BINARY + " on PATH or at " + IN_REPO
          + "; install it with 'cargo install --path emitters/rust'");
      err.flush();
      return 2;
    }
    List<String> command = command(front.get(), cargoArgs);
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      err.println("ibridge: cargo: cannot run " + front.get() + ": " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  /** What is run: the front as cargo runs a subcommand, {@code cargo-ibridge ibridge ARGS}. */
  static List<String> command(Path front, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(front.toString());
    command.add("ibridge");
    command.addAll(args);
    return command;
  }

  /** The front: {@code cargo-ibridge} on PATH, else the release build in the repository. */
  static Optional<Path> front(Map<String, String> env, Optional<Path> repoRoot) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir).resolve(BINARY);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate.toAbsolutePath());
        }
      }
    }
    return repoRoot.map(r -> r.resolve(IN_REPO)).filter(Files::isRegularFile).filter(Files::isExecutable);
  }

  /** The repository this jar was built in: the jar is reference-impl/cli/target/ibridge.jar. */
  static Optional<Path> repositoryRoot() {
    var source = CargoCommand.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return Optional.empty();
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      for (Path p = location; p != null; p = p.getParent()) {
        if (Files.isDirectory(p.resolve("emitters/rust")) && Files.isRegularFile(p.resolve("pom.xml"))) {
          return Optional.of(p);
        }
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}

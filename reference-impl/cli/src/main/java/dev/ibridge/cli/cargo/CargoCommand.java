package dev.ibridge.cli.cargo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
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
 * {@code ibridge cargo CMD [ARGS...]}: runs cargo with the ibridge rustc wrapper and the store in
 * the target directory, then prints how many units hit, were computed and were passed through.
 */
@Command(
    name = "cargo",
    header = "Runs cargo through the rustc wrapper and the store, and prints what hit.",
    description = {
      "Runs 'cargo CMD ARGS...' (check, clippy, build, test, ...) with RUSTC_WRAPPER set to the"
          + " ibridge rustc wrapper and IBRIDGE_STORE to the store (IBRIDGE_STORE if set, else 'ibridge'"
          + " in CARGO_TARGET_DIR or ./target), then prints one line: units hit, computed and passed"
          + " through, and bytes. Exits with cargo's exit code.",
      "The wrapper is IBRIDGE_RUSTC_WRAPPER if set, else"
          + " emitters/rust/target/release/ibridge-rustc-wrapper in this repository; build it with"
          + " '(cd emitters/rust && cargo build --release)'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge cargo check",
      "  ibridge cargo clippy --workspace",
      "  ibridge cargo build --release -p cli"
    },
    modelTransformer = CargoCommand.PassArgumentsThrough.class)
public final class CargoCommand implements Callable<Integer> {
  static final String WRAPPER_IN_REPO = "emitters/rust/target/release/ibridge-rustc-wrapper";

  @Parameters(arity = "1..*", paramLabel = "CMD [ARGS]", description = "cargo's command and arguments.")
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
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> env = System.getenv();
    Optional<Path> wrapper = wrapper(env, repositoryRoot());
    if (wrapper.isEmpty()) {
      err.println("ibridge: cargo: " + missingWrapper(env, repositoryRoot()));
      err.flush();
      return 2;
    }
    Path store = store(env, Path.of("").toAbsolutePath());
    Path stats = statsFile(store);
    long before = Files.exists(stats) ? Files.size(stats) : 0;
    List<String> command = new ArrayList<>();
    command.add(env.getOrDefault("CARGO", "cargo"));
    command.addAll(cargoArgs);
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("RUSTC_WRAPPER", wrapper.get().toString());
    pb.environment().put("IBRIDGE_STORE", store.toString());
    int code;
    try {
      code = pb.start().waitFor();
    } catch (IOException e) {
      err.println("ibridge: cargo: cannot run " + command.get(0) + ": " + e.getMessage());
      err.flush();
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(WrapperStats.of(linesAfter(stats, before)).summary());
    out.flush();
    return code;
  }

  /** The store: IBRIDGE_STORE, else {@code ibridge} in CARGO_TARGET_DIR, else in ./target. */
  static Path store(Map<String, String> env, Path workingDir) {
    String explicit = env.get("IBRIDGE_STORE");
    if (explicit != null && !explicit.isEmpty()) {
      return workingDir.resolve(explicit).normalize();
    }
    String target = env.get("CARGO_TARGET_DIR");
    Path targetDir = target != null && !target.isEmpty() ? workingDir.resolve(target) : workingDir.resolve("target");
    return targetDir.resolve("ibridge").normalize();
  }

  /** The wrapper's counter file: {@code <store>-wrapper/wrapper-stats}, next to the store. */
  static Path statsFile(Path store) {
    return store.resolveSibling(store.getFileName() + "-wrapper").resolve("wrapper-stats");
  }

  /** The wrapper binary, if it exists. */
  static Optional<Path> wrapper(Map<String, String> env, Optional<Path> repoRoot) {
    return Optional.of(wrapperCandidate(env, repoRoot)).filter(Files::isExecutable);
  }

  static Path wrapperCandidate(Map<String, String> env, Optional<Path> repoRoot) {
    String explicit = env.get("IBRIDGE_RUSTC_WRAPPER");
    if (explicit != null && !explicit.isEmpty()) {
      return Path.of(explicit).toAbsolutePath();
    }
    return repoRoot.orElse(Path.of("").toAbsolutePath()).resolve(WRAPPER_IN_REPO);
  }

  static String missingWrapper(Map<String, String> env, Optional<Path> repoRoot) {
    return "no rustc wrapper at " + wrapperCandidate(env, repoRoot)
        + "; build it with '(cd emitters/rust && cargo build --release)' or set IBRIDGE_RUSTC_WRAPPER";
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

  /** The counter lines appended after byte offset {@code from}. */
  static List<String> linesAfter(Path stats, long from) throws IOException {
    if (!Files.exists(stats)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(stats.toFile(), "r")) {
      long length = f.length();
      byte[] bytes = new byte[(int) Math.max(0, length - from)];
      f.seek(Math.min(from, length));
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
  }
}

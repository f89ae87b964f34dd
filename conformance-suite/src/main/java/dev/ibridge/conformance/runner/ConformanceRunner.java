package dev.ibridge.conformance.runner;

import dev.ibridge.conformance.checks.Catalog;
import dev.ibridge.conformance.checks.Check;
import dev.ibridge.conformance.checks.CheckContext;
import dev.ibridge.conformance.checks.CheckSkipped;
import dev.ibridge.conformance.checks.PropertyCheck;
import dev.ibridge.conformance.checks.PropertyFailure;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.TesteeInfo;
import dev.ibridge.property.Counterexample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs checks against a testee and collects their results. It greets the testee once (a testee
 * that cannot answer hello is a {@link HarnessError}), gives every check a fresh scratch
 * directory, and reports progress, one line per group of checks, to {@code progress}.
 */
public final class ConformanceRunner {
  private ConformanceRunner() {}

  /** The suite could not run at all: the testee did not start or did not answer hello. */
  public static final class HarnessError extends Exception {
    public HarnessError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static RunResult run(Testee testee, RunOptions options, Consumer<String> progress) throws HarnessError, IOException {
    List<Check> checks = Selector.select(Catalog.checks(), options);
    ExpectedFailures expected = options.expectedFailures().isPresent()
        ? ExpectedFailures.read(options.expectedFailures().get()) : ExpectedFailures.none();
    TesteeInfo info = greet(testee);
    long start = System.nanoTime();
    Map<String, List<Check>> groups = new LinkedHashMap<>();
    for (Check c : checks) {
      groups.computeIfAbsent(group(c), g -> new ArrayList<>()).add(c);
    }
    List<CheckResult> results = new ArrayList<>();
    long scenarios = 0;
    Path scratchRoot = Files.createTempDirectory(tempRoot(), "ibridge-conformance-");
    try {
      Path counterexamples = options.exportFailures().orElse(scratchRoot.resolve("counterexamples"));
      int done = 0;
      for (Map.Entry<String, List<Check>> g : groups.entrySet()) {
        long groupStart = System.nanoTime();
        int failed = 0;
        for (Check c : g.getValue()) {
          Path scratch = Files.createDirectories(scratchRoot.resolve("check-" + (done++)));
          CheckContext ctx = new CheckContext(testee, info, scratch, options.seed(), options.tries(), counterexamples,
              id -> options.replayPrefix() + " --test " + id + " --seed " + options.seed());
          CheckResult r = classify(runOne(c, ctx, options), expected);
          scenarios += ctx.scenarios();
          failed += r.failed() || r.status() == CheckResult.Status.UNEXPECTED_PASS ? 1 : 0;
          results.add(r);
          ctx.clearScratch();
        }
        progress.accept(String.format("conformance: %-6s %2d checks, %d not passed (%.1f s; %d of %d checks done)",
            g.getKey(), g.getValue().size(), failed, (System.nanoTime() - groupStart) / 1e9, done, checks.size()));
      }
    } finally {
      deleteTree(scratchRoot);
    }
    List<String> stale = expected.stale(Catalog.all().stream().map(d -> d.id()).toList());
    String update = options.expectedFailures()
        .map(f -> options.replayPrefix() + selection(options) + " --expected-failures " + f + " --write-expected-failures " + f)
        .orElse("");
    return new RunResult(info.name() + " " + info.version(), options.seed(), results, stale, scenarios,
        (System.nanoTime() - start) / 1e9, update).withProfile(options.profile().map(ConformanceRunner::profileText));
  }

  /** Replays the counterexample in {@code file} against the check it names, once. */
  public static RunResult replay(Testee testee, Path file, RunOptions options, Consumer<String> progress)
      throws HarnessError, IOException {
    Counterexample c = Counterexample.read(file);
    Check check = Catalog.byId(c.property())
        .orElseThrow(() -> new IllegalArgumentException(file + " names " + c.property() + ", which is not a check"));
    if (!(check instanceof PropertyCheck<?> property)) {
      throw new IllegalArgumentException(file + " names " + c.property() + ", which is not a property check");
    }
    TesteeInfo info = greet(testee);
    long start = System.nanoTime();
    Path scratch = Files.createTempDirectory(tempRoot(), "ibridge-replay-");
    CheckResult r;
    CheckContext ctx = new CheckContext(testee, info, scratch, c.seed(), options.tries(), scratch.resolve("counterexamples"),
        id -> options.replayPrefix() + " --replay " + file);
    try {
      long t = System.nanoTime();
      try {
        property.replay(ctx, c);
        r = new CheckResult(check.descriptor(), CheckResult.Status.PASSED, "", (System.nanoTime() - t) / 1e9, Optional.empty());
      } catch (Exception | AssertionError e) {
        r = new CheckResult(check.descriptor(), CheckResult.Status.FAILED,
            "replayed from " + file + ": " + message(e) + "\nreplay: " + options.replayPrefix() + " --replay " + file,
            (System.nanoTime() - t) / 1e9, Optional.of(file));
      }
    } finally {
      deleteTree(scratch);
    }
    progress.accept("conformance: replayed " + check.id() + " from " + file);
    return new RunResult(info.name() + " " + info.version(), c.seed(), List.of(r), List.of(), ctx.scenarios(),
        (System.nanoTime() - start) / 1e9, "");
  }

  private static TesteeInfo greet(Testee testee) throws HarnessError {
    try {
      return testee.hello();
    } catch (TesteeException e) {
      throw new HarnessError("the testee did not answer hello: " + e.getMessage(), e);
    }
  }

  /** The chapter of a check's first requirement, such as STORE for REQ-STORE-010. */
  static String group(Check c) {
    String r = c.descriptor().requirements().get(0);
    return r.substring(4, r.lastIndexOf('-'));
  }

  /** The options that picked this run's checks and cases, as the command line gives them. */
  private static String selection(RunOptions options) {
    StringBuilder sb = new StringBuilder();
    options.tests().forEach(t -> sb.append(" --test '").append(t).append('\''));
    options.level().ifPresent(l -> sb.append(" --level ").append(l.name().toLowerCase(java.util.Locale.ROOT)));
    options.profile().ifPresent(p -> sb.append(" --profile ").append(profileText(p)));
    return sb.append(" --seed ").append(options.seed()).toString();
  }

  /** A profile as {@code --profile} takes it: operation names, comma-separated, in protocol order. */
  public static String profileText(java.util.Set<Operation> ops) {
    return ops.stream().sorted().map(Operation::wireName).reduce((a, b) -> a + "," + b).orElse("none");
  }

  private static CheckResult runOne(Check c, CheckContext ctx, RunOptions options) {
    boolean exported = options.exportFailures().isPresent();
    long t = System.nanoTime();
    for (Operation op : c.operations()) {
      if (!options.claims(op)) {
        return new CheckResult(c.descriptor(), CheckResult.Status.SKIPPED,
            "outside the claimed profile: needs " + op.wireName(), 0, Optional.empty());
      }
    }
    for (Operation op : c.operations()) {
      if (!ctx.info().supports(op)) {
        return new CheckResult(c.descriptor(), CheckResult.Status.UNSUPPORTED,
            "the testee does not implement " + op.wireName(), 0, Optional.empty());
      }
    }
    try {
      c.run(ctx);
      return new CheckResult(c.descriptor(), CheckResult.Status.PASSED, "", (System.nanoTime() - t) / 1e9, Optional.empty());
    } catch (CheckSkipped e) {
      return new CheckResult(c.descriptor(), CheckResult.Status.SKIPPED, e.getMessage(), (System.nanoTime() - t) / 1e9,
          Optional.empty());
    } catch (Exception | AssertionError e) {
      String message = message(e);
      if (!(e instanceof PropertyFailure)) {
        message += "\nreplay: " + ctx.replayCommand(c.id());
      }
      Optional<Path> file = e instanceof PropertyFailure p && exported && Files.isRegularFile(p.counterexample())
          ? Optional.of(p.counterexample()) : Optional.empty();
      return new CheckResult(c.descriptor(), CheckResult.Status.FAILED, message, (System.nanoTime() - t) / 1e9, file);
    }
  }

  private static String message(Throwable e) {
    String m = fullMessage(e);
    return m.length() > 4000 ? m.substring(0, 4000) + "... (" + m.length() + " characters)" : m;
  }

  private static String fullMessage(Throwable e) {
    if (e instanceof PropertyFailure || e instanceof TesteeException || e instanceof dev.ibridge.conformance.checks.CheckFailure) {
      return e.getMessage();
    }
    return e.toString();
  }

  private static CheckResult classify(CheckResult r, ExpectedFailures expected) {
    if (!expected.lists(r.check().id())) {
      return r;
    }
    return switch (r.status()) {
      case FAILED -> new CheckResult(r.check(), CheckResult.Status.EXPECTED_FAILURE,
          r.message() + CheckResult.EXPECTED_NOTE + expected.reasons().get(r.check().id()) + ")", r.seconds(), r.counterexample());
      case PASSED -> new CheckResult(r.check(), CheckResult.Status.UNEXPECTED_PASS,
          "listed as an expected failure, but it passed: remove it from the list", r.seconds(), r.counterexample());
      default -> r;
    };
  }

  /** RAM-backed when the system has it: the checks make many small synced writes. */
  private static Path tempRoot() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }
}

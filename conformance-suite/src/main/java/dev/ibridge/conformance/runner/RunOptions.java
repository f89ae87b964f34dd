package dev.ibridge.conformance.runner;

import dev.ibridge.conformance.checks.Level;
import dev.ibridge.conformance.harness.Operation;
import java.util.EnumSet;
import java.util.Set;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the suite.
 *
 * @param tests ID patterns ({@code *} matches any run of characters); empty runs every check
 * @param level {@code REQUIRED} runs only required checks; {@code RECOMMENDED} or empty runs all
 * @param seed the seed every property check starts from
 * @param tries the cases per property check, or empty for each check's default
 * @param expectedFailures the expected-failure list, if any
 * @param exportFailures where the shrunk cases of failing property checks are written, if anywhere
 * @param replayPrefix the command line that reruns this run, before {@code --test} and {@code --seed}
 * @param profile the operations the testee claims ({@code --profile}); a check that needs another
 *     one is skipped and does not count; empty claims every operation
 */
public record RunOptions(
    List<String> tests,
    Optional<Level> level,
    long seed,
    Optional<Integer> tries,
    Optional<Path> expectedFailures,
    Optional<Path> exportFailures,
    String replayPrefix,
    Optional<Set<Operation>> profile) {
  public RunOptions {
    tests = List.copyOf(tests);
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(tries, "tries");
    tries.ifPresent(t -> {
      if (t < 1) {
        throw new IllegalArgumentException("--tries must be at least 1, got " + t);
      }
    });
    Objects.requireNonNull(expectedFailures, "expectedFailures");
    Objects.requireNonNull(exportFailures, "exportFailures");
    Objects.requireNonNull(replayPrefix, "replayPrefix");
    profile = profile.map(p -> p.isEmpty() ? Set.<Operation>of() : Set.copyOf(EnumSet.copyOf(p)));
  }

  /** Every check, the given seed, default tries, nothing else. */
  public static RunOptions defaults(long seed, String replayPrefix) {
    return new RunOptions(List.of(), Optional.empty(), seed, Optional.empty(), Optional.empty(), Optional.empty(), replayPrefix,
        Optional.empty());
  }

  public RunOptions withTests(List<String> patterns) {
    return new RunOptions(patterns, level, seed, tries, expectedFailures, exportFailures, replayPrefix, profile);
  }

  public RunOptions withLevel(Level l) {
    return new RunOptions(tests, Optional.of(l), seed, tries, expectedFailures, exportFailures, replayPrefix, profile);
  }

  public RunOptions withTries(int t) {
    return new RunOptions(tests, level, seed, Optional.of(t), expectedFailures, exportFailures, replayPrefix, profile);
  }

  public RunOptions withExpectedFailures(Path file) {
    return new RunOptions(tests, level, seed, tries, Optional.of(file), exportFailures, replayPrefix, profile);
  }

  public RunOptions withExportFailures(Path dir) {
    return new RunOptions(tests, level, seed, tries, expectedFailures, Optional.of(dir), replayPrefix, profile);
  }

  public RunOptions withProfile(Set<Operation> operations) {
    return new RunOptions(tests, level, seed, tries, expectedFailures, exportFailures, replayPrefix, Optional.of(operations));
  }

  /** Whether the testee claims {@code op}: it is in the profile, or no profile was given. */
  public boolean claims(Operation op) {
    return profile.map(p -> p.contains(op)).orElse(true);
  }
}

package dev.ibridge.conformance.checks;

import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What a check runs with: the testee and its hello answer, a scratch directory for stores, the
 * run's seed and number of tries, where failing cases are exported, and how a check's failure is
 * replayed from the command line. One context serves one check at a time.
 */
public final class CheckContext {
  private final Testee testee;
  private final TesteeInfo info;
  private final Path scratch;
  private final long seed;
  private final Optional<Integer> tries;
  private final Path counterexamples;
  private final UnaryOperator<String> replayCommand;
  private long scenarios;
  private int stores;

  /**
   * @param scratch an existing directory the context may fill and empty
   * @param tries the cases per property check, or empty for each check's own default
   * @param replayCommand the command line that reruns the check with the given ID and this seed
   */
  public CheckContext(
      Testee testee,
      TesteeInfo info,
      Path scratch,
      long seed,
      Optional<Integer> tries,
      Path counterexamples,
      UnaryOperator<String> replayCommand) {
    this.testee = Objects.requireNonNull(testee, "testee");
    this.info = Objects.requireNonNull(info, "info");
    this.scratch = Objects.requireNonNull(scratch, "scratch");
    this.seed = seed;
    this.tries = Objects.requireNonNull(tries, "tries");
    this.counterexamples = Objects.requireNonNull(counterexamples, "counterexamples");
    this.replayCommand = Objects.requireNonNull(replayCommand, "replayCommand");
  }

  public Testee testee() {
    return testee;
  }

  public TesteeInfo info() {
    return info;
  }

  public long seed() {
    return seed;
  }

  /** The number of cases a property check tries: the run's {@code --tries}, else {@code byDefault}. */
  public int tries(int byDefault) {
    return tries.orElse(byDefault);
  }

  public Path counterexampleDir() {
    return counterexamples;
  }

  public String replayCommand(String checkId) {
    return replayCommand.apply(checkId);
  }

  /** A path for a new store: its parent exists and is empty apart from it; the store itself does not exist yet. */
  public Path newStore() throws IOException {
    Path parent = Files.createDirectories(scratch.resolve("case-" + (stores++)));
    return parent.resolve("store");
  }

  /** Counts one scenario played against the testee (one example, one property case or one shrink step). */
  public void countScenario() {
    scenarios++;
  }

  public long scenarios() {
    return scenarios;
  }

  /** Removes everything the checks left in the scratch directory. */
  public void clearScratch() {
    try (Stream<Path> paths = Files.walk(scratch)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(scratch)) {
          p.toFile().setWritable(true);
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the scratch directory " + scratch, e);
    }
  }
}

package dev.ibridge.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.checks.Catalog;
import dev.ibridge.conformance.checks.CheckDescriptor;
import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.harness.MutantCatalog;
import dev.ibridge.conformance.harness.SubprocessTestee;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeMain;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.runner.CheckResult;
import dev.ibridge.conformance.runner.ConformanceRunner;
import dev.ibridge.conformance.runner.RunOptions;
import dev.ibridge.conformance.runner.RunResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proof that the suite catches bugs: every mutant fails, and among its failures is a check that
 * cites the requirement the mutant breaks. Each mutant runs against the checks citing that
 * requirement (the full score table is in the README); one runs through the subprocess harness
 * by name, as a tool author's testee would.
 */
class MutantsTest {
  private static final long SEED = 7_331L;

  static Stream<Mutants.Mutant> mutants() {
    return Mutants.all().stream();
  }

  @Test
  void atLeastTwelveMutantsAreInstalledForTheHarnessSeam() {
    assertThat(Mutants.all()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(MutantCatalog.allNames()).containsAll(Mutants.all().stream().map(Mutants.Mutant::name).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutants")
  void mutantIsCaughtByACheckCitingTheRequirementItBreaks(Mutants.Mutant mutant) throws Exception {
    RunResult run;
    try (Testee t = MutantCatalog.lookup(mutant.name(), new InProcessTestee())) {
      run = ConformanceRunner.run(t, options(mutant), line -> {});
    }
    assertCaught(mutant, run);
  }

  /**
   * A store mutant, a framing mutant whose flaw ends the process, and a mutant of the remote tier,
   * which TesteeMain configures from its process's IBRIDGE_REMOTE* variables.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"unstaged-record", "crashes-on-non-calls", "lands-unverified-blobs"})
  void mutantIsCaughtThroughTheSubprocessHarness(String name) throws Exception {
    Mutants.Mutant mutant = Mutants.all().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    RunResult run;
    try (Testee t = new SubprocessTestee(TesteeMain.javaCommand("--mutant", mutant.name()), SubprocessTestee.Options.defaults())) {
      run = ConformanceRunner.run(t, options(mutant), line -> {});
    }
    assertCaught(mutant, run);
  }

  /**
   * Issue #14, point 1: a per-output byte count passed the default run and failed only at seed 1
   * with 100 tries. Every case of the targeted scenario has two outputs naming one blob, so the
   * mutant fails at the default number of tries whatever the seed (the default seed is random).
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 2L, 7_331L, -4_242_424_242L})
  void perOutputCountsAreCaughtAtTheDefaultTries(long seed) throws Exception {
    Mutants.Mutant mutant = Mutants.all().stream().filter(m -> m.name().equals("counts-blobs-per-output")).findFirst().orElseThrow();
    RunResult run;
    try (Testee t = MutantCatalog.lookup(mutant.name(), new InProcessTestee())) {
      run = ConformanceRunner.run(t, RunOptions.defaults(seed, "ibridge conformance --testee MUTANT")
          .withTests(List.of("Required.REQ-STORE-094.CountsEachBlobOnce")), line -> {});
    }
    assertCaught(mutant, run);
  }

  private static RunOptions options(Mutants.Mutant mutant) {
    List<String> citing = Catalog.all().stream()
        .filter(d -> d.requirements().contains(mutant.breaks()))
        .map(CheckDescriptor::id)
        .toList();
    assertThat(citing).as("checks citing " + mutant.breaks()).isNotEmpty();
    return RunOptions.defaults(SEED, "ibridge conformance --testee MUTANT").withTests(citing).withTries(25);
  }

  private static void assertCaught(Mutants.Mutant mutant, RunResult run) {
    String report = ConsoleReport.render(run);
    List<CheckResult> failures = run.results().stream().filter(r -> r.status() == CheckResult.Status.FAILED).toList();
    assertThat(failures).as("mutant " + mutant.name() + " must fail:\n" + report).isNotEmpty();
    assertThat(failures).as("a failure of " + mutant.name() + " cites " + mutant.breaks() + ":\n" + report)
        .anyMatch(r -> r.check().requirements().contains(mutant.breaks()));
    assertThat(run.conforming()).isFalse();
    assertThat(run.exitCode()).isEqualTo(1);
  }
}

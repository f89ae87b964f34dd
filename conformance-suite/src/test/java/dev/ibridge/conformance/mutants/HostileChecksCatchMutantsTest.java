package dev.ibridge.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.harness.MutantCatalog;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.runner.CheckResult;
import dev.ibridge.conformance.runner.ConformanceRunner;
import dev.ibridge.conformance.runner.RunOptions;
import dev.ibridge.conformance.runner.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hostile-record checks can fail: a testee that accepts record bytes the reference cannot
 * decode fails every one of them, since each hands it a record that only a decoder skipping the
 * attacked rule would take.
 */
class HostileChecksCatchMutantsTest {
  private static final long SEED = 7_331L;
  private static final List<String> HOSTILE = List.of(
      "Required.REQ-CAPNP-006.RejectsNullPointers",
      "Required.REQ-CAPNP-008.RejectsUnknownEnumerants",
      "Required.REQ-MODEL-004.RejectsWrongLengthDigests",
      "Required.REQ-MODEL-011.RejectsHugeSizes",
      "Required.REQ-MODEL-002.RejectsOverlongText",
      "Required.REQ-SEC-004.RejectsAmplification");

  @Test
  void aTesteeAcceptingUndecodableRecordsFailsEveryHostileRecordCheck() throws Exception {
    RunResult run;
    try (Testee t = MutantCatalog.lookup("accepts-malformed-records", new InProcessTestee())) {
      run = ConformanceRunner.run(t, RunOptions.defaults(SEED, "ibridge conformance --testee MUTANT").withTests(HOSTILE).withTries(10),
          line -> {});
    }
    String report = ConsoleReport.render(run);
    assertThat(run.results()).as(report).hasSize(HOSTILE.size());
    assertThat(run.results()).as("seed %d:%n%s", SEED, report).allMatch(r -> r.status() == CheckResult.Status.FAILED);
  }
}

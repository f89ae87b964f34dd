package dev.ibridge.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.checks.Level;
import dev.ibridge.conformance.harness.SubprocessTestee;
import dev.ibridge.conformance.harness.TesteeMain;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.report.JsonReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reference, served by TesteeMain in its own process, passes every required check through the
 * harness, except the two checks of JSON-lines mode, which a binary run reports as not applicable.
 * The remote checks pass too: each starts a TesteeMain process whose IBRIDGE_REMOTE* variables give
 * the reference its remote tier (spec chapter "Remote stores"). They cost most of this run's time,
 * a JVM start for each of the testees they start.
 */
class ReferenceSubprocessTest {
  @Test
  void referencePassesEveryRequiredCheckThroughTheSubprocessHarness() throws Exception {
    RunResult run;
    try (SubprocessTestee testee = new SubprocessTestee(TesteeMain.javaCommand(), SubprocessTestee.Options.defaults())) {
      run = ConformanceRunner.run(testee, RunOptions.defaults(424242L, "ibridge conformance --testee REFERENCE")
          .withLevel(Level.REQUIRED), line -> {});
    }
    JsonReport.write(run, Path.of("target", "conformance-reports", "subprocess"));
    String report = ConsoleReport.render(run);
    assertThat(run.failed()).as(report).isZero();
    assertThat(run.results()).as(report).filteredOn(r -> r.status() == CheckResult.Status.SKIPPED)
        .extracting(r -> r.check().id())
        .containsExactlyInAnyOrder("Required.REQ-HARNESS-013.JsonLinesFrames", "Required.REQ-HARNESS-019.EveryFieldWritten",
            "Required.REQ-SEC-008.RejectsHostileJson");
    assertThat(run.results()).as(report).filteredOn(r -> r.check().id().contains(".REQ-REMOTE-"))
        .hasSize(8).allMatch(r -> r.status() == CheckResult.Status.PASSED);
    assertThat(run.results()).allMatch(r -> r.check().level() == Level.REQUIRED);
    assertThat(run.conforming()).isTrue();
  }
}

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
 * harness, except the two checks of JSON-lines mode, which a binary run reports as not applicable,
 * and the remote checks: the reference testee has no remote tier (spec chapter "Remote stores"),
 * so it sends nothing to the remote they give it, and they are skipped.
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
        .filteredOn(id -> !id.contains(".REQ-REMOTE-"))
        .containsExactlyInAnyOrder("Required.REQ-HARNESS-013.JsonLinesFrames", "Required.REQ-HARNESS-013.EveryFieldWritten",
            "Required.REQ-SEC-008.RejectsHostileJson");
    assertThat(run.results()).allMatch(r -> r.check().level() == Level.REQUIRED);
    assertThat(run.conforming()).isTrue();
  }
}

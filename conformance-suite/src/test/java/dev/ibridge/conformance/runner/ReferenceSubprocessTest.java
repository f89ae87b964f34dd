package dev.ibridge.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.checks.Level;
import dev.ibridge.conformance.harness.SubprocessTestee;
import dev.ibridge.conformance.harness.TesteeMain;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.report.JsonReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The reference, served by TesteeMain in its own process, passes every required check through the harness. */
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
    assertThat(run.skipped()).as(report).isZero();
    assertThat(run.results()).allMatch(r -> r.check().level() == Level.REQUIRED);
    assertThat(run.conforming()).isTrue();
  }
}

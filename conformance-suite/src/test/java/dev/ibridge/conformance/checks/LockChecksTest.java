package dev.ibridge.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.harness.SubprocessTestee;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeMain;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.runner.ConformanceRunner;
import dev.ibridge.conformance.runner.RunOptions;
import dev.ibridge.conformance.runner.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lock checks pass against the reference in process (a shared JVM) and in its own process. */
class LockChecksTest {
  private static final List<String> LOCK_CHECKS = LockChecks.all().stream().map(Check::id).toList();

  @Test
  void referencePassesInProcessAndAsASubprocess() throws Exception {
    for (Testee testee : List.of(new InProcessTestee(),
        new SubprocessTestee(TesteeMain.javaCommand(), SubprocessTestee.Options.defaults()))) {
      RunResult run;
      try (testee) {
        run = ConformanceRunner.run(testee, RunOptions.defaults(5L, "ibridge conformance").withTests(LOCK_CHECKS), line -> {});
      }
      assertThat(run.passed()).as(ConsoleReport.render(run)).isEqualTo(LOCK_CHECKS.size());
    }
  }
}

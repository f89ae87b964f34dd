package dev.ibridge.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.report.JsonReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bundled Java reference passes every check of the suite, in process. */
class ReferenceInProcessTest {
  @Test
  void referencePassesEveryCheck() throws Exception {
    RunResult run;
    try (InProcessTestee testee = new InProcessTestee()) {
      run = ConformanceRunner.run(testee, RunOptions.defaults(20261125L, "ibridge conformance"), line -> {});
    }
    JsonReport.write(run, Path.of("target", "conformance-reports", "in-process"));
    String report = ConsoleReport.render(run);
    assertThat(run.failed()).as(report).isZero();
    assertThat(run.skipped()).as(report).isZero();
    assertThat(run.passed()).as(report).isEqualTo(run.results().size());
  }
}

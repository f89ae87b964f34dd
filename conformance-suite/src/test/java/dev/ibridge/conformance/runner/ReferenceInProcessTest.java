package dev.ibridge.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.report.JsonReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The bundled Java reference passes every check of the suite, in process, except the two checks of
 * JSON-lines mode, which a binary run reports as not applicable ({@code FrameChecksTest} runs them).
 * The remote checks run too: each testee they start is a reference in this process configured by
 * the environment they give it.
 */
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
    assertThat(run.results()).as(report).filteredOn(r -> r.status() == CheckResult.Status.SKIPPED)
        .extracting(r -> r.check().id())
        .containsExactlyInAnyOrder("Required.REQ-HARNESS-013.JsonLinesFrames", "Required.REQ-HARNESS-019.EveryFieldWritten",
            "Required.REQ-SEC-008.RejectsHostileJson");
    assertThat(run.results()).as(report).filteredOn(r -> r.check().id().contains(".REQ-REMOTE-"))
        .hasSize(9).allMatch(r -> r.status() == CheckResult.Status.PASSED);
    assertThat(run.passed()).as(report).isEqualTo(run.results().size() - 3);
  }
}

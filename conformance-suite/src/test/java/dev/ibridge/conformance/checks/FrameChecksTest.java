package dev.ibridge.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.harness.HarnessFraming;
import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.harness.SubprocessTestee;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeMain;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.runner.CheckResult;
import dev.ibridge.conformance.runner.ConformanceRunner;
import dev.ibridge.conformance.runner.RunOptions;
import dev.ibridge.conformance.runner.RunResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The framing checks pass against the reference in both framings, in process and through the
 * subprocess harness, and a check of the other framing is reported as not applicable, never as
 * passed.
 */
class FrameChecksTest {
  private static final long SEED = 20_261_125L;
  private static final List<String> FRAME_CHECKS = FrameChecks.all().stream().map(Check::id).toList();
  private static final List<String> JSON_ONLY = List.of(
      "Required.REQ-HARNESS-013.JsonLinesFrames", "Required.REQ-HARNESS-019.EveryFieldWritten",
        "Required.REQ-SEC-008.RejectsHostileJson");
  private static final List<String> BINARY_ONLY = List.of(
      "Required.REQ-AVRO-002.RepliesAreSingleObjects", "Required.REQ-SEC-007.ChecksMarkerAndFingerprint",
      "Recommended.REQ-AVRO-002.NamesUnknownFingerprint", "Required.REQ-AVRO-004.RejectsMalformedFrames",
      "Required.REQ-SEC-006.RejectsHostileLengths", "Required.REQ-HARNESS-003.RefusesOversizedFrames",
      "Required.REQ-AVRO-005.AcceptsArraysInBlocks");

  @Test
  void inProcessBinaryPassesAndSaysWhichChecksAreForJsonLines() throws Exception {
    expect(run(new InProcessTestee()), JSON_ONLY, "run the suite with --jsonl");
  }

  @Test
  void inProcessJsonLinesPassesAndSaysWhichChecksAreForBinary() throws Exception {
    expect(run(new InProcessTestee(HarnessFraming.JSON_LINES)), BINARY_ONLY, "run the suite without --jsonl");
  }

  @Test
  void subprocessInBothFramingsPasses() throws Exception {
    expect(run(new SubprocessTestee(TesteeMain.javaCommand(), SubprocessTestee.Options.defaults())),
        JSON_ONLY, "run the suite with --jsonl");
    expect(run(new SubprocessTestee(TesteeMain.javaCommand("--jsonl"),
        SubprocessTestee.Options.defaults().withFraming(HarnessFraming.JSON_LINES))), BINARY_ONLY, "run the suite without --jsonl");
  }

  private static RunResult run(Testee testee) throws Exception {
    try (testee) {
      return ConformanceRunner.run(testee, RunOptions.defaults(SEED, "ibridge conformance").withTests(FRAME_CHECKS), line -> {});
    }
  }

  private static void expect(RunResult run, List<String> skipped, String advice) {
    String report = ConsoleReport.render(run);
    Map<CheckResult.Status, List<String>> byStatus = run.results().stream()
        .collect(Collectors.groupingBy(CheckResult::status, Collectors.mapping(r -> r.check().id(), Collectors.toList())));
    assertThat(byStatus.getOrDefault(CheckResult.Status.SKIPPED, List.of())).as(report).containsExactlyInAnyOrderElementsOf(skipped);
    assertThat(run.results()).as(report).filteredOn(r -> r.status() == CheckResult.Status.SKIPPED)
        .allMatch(r -> r.message().startsWith("not applicable") && r.message().contains(advice));
    assertThat(run.passed()).as(report).isEqualTo(FRAME_CHECKS.size() - skipped.size());
  }
}

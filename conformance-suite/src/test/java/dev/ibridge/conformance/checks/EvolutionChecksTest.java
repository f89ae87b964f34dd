package dev.ibridge.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.runner.ConformanceRunner;
import dev.ibridge.conformance.runner.RunOptions;
import dev.ibridge.conformance.runner.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A record extended as a later minor would write it is a different message that reads the same. */
class EvolutionChecksTest {
  @Test
  void theExtendedRecordDiffersInBytesAndReadsTheSame() throws Exception {
    for (Emission e : Emission.EMISSIONS.samples(3L, 10)) {
      CapnpWords words = CapnpWords.of(e.encoded().toByteArray());
      int before = e.encoded().toByteArray().length;
      words.extendRoot(1, "added");
      byte[] extended = words.framed();
      assertThat(extended.length).isGreaterThan(before);
      assertThat(CapnpCodec.decodeRecord(extended)).isEqualTo(e.record());
    }
  }

  @Test
  void referencePasses() throws Exception {
    List<String> ids = EvolutionChecks.all().stream().map(Check::id).toList();
    RunResult run;
    try (InProcessTestee t = new InProcessTestee()) {
      run = ConformanceRunner.run(t, RunOptions.defaults(11L, "ibridge conformance").withTests(ids), line -> {});
    }
    assertThat(run.passed()).as(ConsoleReport.render(run)).isEqualTo(ids.size());
  }
}

package dev.ibridge.conformance.report;

import dev.ibridge.conformance.runner.CheckResult;
import dev.ibridge.conformance.runner.RunResult;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The console summary: every check that did not pass, with its requirement link, what went wrong
 * and how to replay it; then the totals, ending with the line {@code N passed, N failed} (and
 * {@code , N skipped} when some were).
 */
public final class ConsoleReport {
  private ConsoleReport() {}

  public static String render(RunResult run) {
    StringBuilder sb = new StringBuilder();
    if (run.harnessError().isPresent()) {
      return sb.append("HARNESS ERROR: ").append(run.harnessError().get()).append('\n')
          .append("0 passed, 0 failed\n").toString();
    }
    for (CheckResult r : run.results()) {
      if (r.status() == CheckResult.Status.PASSED) {
        continue;
      }
      String req = r.check().requirements().get(0);
      sb.append(label(r.status())).append(' ').append(r.check().id())
          .append("  (").append(r.check().level()).append("; ").append(run.link(req)).append(")\n");
      sb.append("  ").append(r.check().title()).append('\n');
      if (!r.message().isEmpty()) {
        for (String line : r.message().split("\n")) {
          sb.append("    ").append(line).append('\n');
        }
      }
    }
    for (String stale : run.staleEntries()) {
      sb.append("STALE ").append(stale).append(": the expected-failure list names a check that does not exist\n");
    }
    if ((run.count(CheckResult.Status.UNEXPECTED_PASS) > 0 || !run.staleEntries().isEmpty()) && !run.updateCommand().isEmpty()) {
      sb.append("The expected-failure list is out of date; to update it run:\n  ").append(run.updateCommand()).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "testee %s, seed %d: %d checks in %.1f s, %d scenarios (%.1f scenarios/s)%n",
        run.testee(), run.seed(), run.results().size(), run.seconds(), run.scenarios(), run.scenariosPerSecond()));
    run.profile().ifPresent(p -> sb.append("profile: ").append(p)
        .append(" (checks that need another operation are skipped and do not count)\n"));
    List<CheckResult> unsupported = run.requiredUnsupported();
    if (!unsupported.isEmpty()) {
      Set<String> why = new TreeSet<>();
      unsupported.forEach(r -> why.add(r.message()));
      sb.append("NOT CONFORMING: ").append(unsupported.size()).append(" REQUIRED checks did not run because ")
          .append(String.join("; ", why))
          .append(" (a tool that implements only some operations names them with --profile OP,OP)\n");
    }
    long expected = run.count(CheckResult.Status.EXPECTED_FAILURE);
    if (expected > 0) {
      sb.append(expected).append(" expected failures (listed, not counted as failed)\n");
    }
    sb.append(run.passed()).append(" passed, ").append(run.failed()).append(" failed");
    if (run.skipped() > 0) {
      sb.append(", ").append(run.skipped()).append(" skipped");
    }
    return sb.append('\n').toString();
  }

  private static String label(CheckResult.Status s) {
    return switch (s) {
      case FAILED -> "FAILED";
      case SKIPPED -> "SKIPPED";
      case UNSUPPORTED -> "UNSUPPORTED";
      case EXPECTED_FAILURE -> "EXPECTED FAILURE";
      case UNEXPECTED_PASS -> "UNEXPECTED PASS";
      case PASSED -> "PASSED";
    };
  }
}

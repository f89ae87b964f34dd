package dev.ibridge.conformance.runner;

import dev.ibridge.conformance.checks.Level;
import java.util.List;

/**
 * A whole run: each check's result, the expected-failure entries that named no check, and the
 * numbers the summary prints.
 */
public record RunResult(
    String testee, long seed, List<CheckResult> results, List<String> staleEntries, long scenarios, double seconds,
    String updateCommand) {
  public RunResult {
    results = List.copyOf(results);
    staleEntries = List.copyOf(staleEntries);
  }

  public long count(CheckResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  public long passed() {
    return count(CheckResult.Status.PASSED);
  }

  /** Failures that count against conformance: unexpected failures and unexpected passes. */
  public long failed() {
    return count(CheckResult.Status.FAILED) + count(CheckResult.Status.UNEXPECTED_PASS);
  }

  public long skipped() {
    return count(CheckResult.Status.SKIPPED);
  }

  public long requiredFailed() {
    return results.stream()
        .filter(r -> r.status() == CheckResult.Status.FAILED && r.check().level() == Level.REQUIRED)
        .count();
  }

  /** Conforming: nothing failed unexpectedly, and the expected-failure list is up to date. */
  public boolean conforming() {
    return failed() == 0 && staleEntries.isEmpty();
  }

  public double scenariosPerSecond() {
    return seconds > 0 ? scenarios / seconds : 0;
  }

  /** 0 when conforming, 1 when not. */
  public int exitCode() {
    return conforming() ? 0 : 1;
  }
}

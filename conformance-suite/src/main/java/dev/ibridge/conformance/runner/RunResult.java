package dev.ibridge.conformance.runner;

import dev.ibridge.conformance.checks.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole run: each check's result, the expected-failure entries that named no check, and the
 * numbers the summary prints.
 *
 * @param profile the operations the run was told the testee claims ({@code --profile}), or empty
 *     for the whole protocol
 * @param harnessError why the suite could not run at all, if it could not (then there are no results)
 * @param specUrl the rendered spec that requirement links point into
 */
public record RunResult(
    String testee, long seed, List<CheckResult> results, List<String> staleEntries, long scenarios, double seconds,
    String updateCommand, Optional<String> profile, Optional<String> harnessError, String specUrl) {
  /** The default of {@code --spec-url}: the spec a checkout renders, relative to the checkout's root. */
  public static final String DEFAULT_SPEC_URL = "spec/target/html/index.html";

  public RunResult {
    results = List.copyOf(results);
    staleEntries = List.copyOf(staleEntries);
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(harnessError, "harnessError");
    Objects.requireNonNull(specUrl, "specUrl");
  }

  public RunResult(String testee, long seed, List<CheckResult> results, List<String> staleEntries, long scenarios,
      double seconds, String updateCommand) {
    this(testee, seed, results, staleEntries, scenarios, seconds, updateCommand, Optional.empty(), Optional.empty(),
        DEFAULT_SPEC_URL);
  }

  /** A run that could not start: the testee did not start or did not answer hello. */
  public static RunResult harnessError(String testee, long seed, String message) {
    return new RunResult(testee, seed, List.of(), List.of(), 0, 0, "", Optional.empty(), Optional.of(message),
        DEFAULT_SPEC_URL);
  }

  public RunResult withProfile(Optional<String> p) {
    return new RunResult(testee, seed, results, staleEntries, scenarios, seconds, updateCommand, p, harnessError, specUrl);
  }

  public RunResult withSpecUrl(String url) {
    return new RunResult(testee, seed, results, staleEntries, scenarios, seconds, updateCommand, profile, harnessError, url);
  }

  /** The link to a requirement's anchor in the rendered spec at {@link #specUrl}. */
  public String link(String requirement) {
    return specUrl + "#" + requirement;
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

  /** Every check that did not run, whatever the reason. */
  public long skipped() {
    return count(CheckResult.Status.SKIPPED) + count(CheckResult.Status.UNSUPPORTED);
  }

  /** The REQUIRED checks that did not run because the testee lacks an operation its profile includes. */
  public List<CheckResult> requiredUnsupported() {
    return results.stream()
        .filter(r -> r.status() == CheckResult.Status.UNSUPPORTED && r.check().level() == Level.REQUIRED)
        .toList();
  }

  public long requiredFailed() {
    return results.stream()
        .filter(r -> r.status() == CheckResult.Status.FAILED && r.check().level() == Level.REQUIRED)
        .count();
  }

  /**
   * Conforming: the suite ran, nothing failed unexpectedly, every REQUIRED check of the profile
   * ran, and the expected-failure list is up to date.
   */
  public boolean conforming() {
    return harnessError.isEmpty() && failed() == 0 && requiredUnsupported().isEmpty() && staleEntries.isEmpty();
  }

  public double scenariosPerSecond() {
    return seconds > 0 ? scenarios / seconds : 0;
  }

  /** 0 when conforming, 1 when not, 2 when the suite could not run. */
  public int exitCode() {
    return harnessError.isPresent() ? 2 : conforming() ? 0 : 1;
  }
}

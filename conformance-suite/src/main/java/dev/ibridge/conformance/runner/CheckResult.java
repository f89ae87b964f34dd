package dev.ibridge.conformance.runner;

import dev.ibridge.conformance.checks.CheckDescriptor;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** How one check ended, with what went wrong and where its shrunk case was exported. */
public record CheckResult(
    CheckDescriptor check, Status status, String message, double seconds, Optional<Path> counterexample) {

  public enum Status {
    PASSED,
    FAILED,
    SKIPPED,
    /**
     * Not run: the testee lacks an operation the check needs and the run's profile includes. A
     * REQUIRED one makes the run not conforming.
     */
    UNSUPPORTED,
    /** Failed, and the expected-failure list says so. */
    EXPECTED_FAILURE,
    /** Passed, but the expected-failure list says it fails: the list is stale. */
    UNEXPECTED_PASS
  }

  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(counterexample, "counterexample");
  }

  public boolean failed() {
    return status == Status.FAILED || status == Status.EXPECTED_FAILURE;
  }

  /** The {@code # reason} the expected-failure list gives for an expected failure, if it gives one. */
  public Optional<String> expectedReason() {
    int at = message.lastIndexOf(EXPECTED_NOTE);
    if (status != Status.EXPECTED_FAILURE || at < 0) {
      return Optional.empty();
    }
    String reason = message.substring(at + EXPECTED_NOTE.length(), message.length() - 1).strip();
    return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
  }

  /** What the runner appends to an expected failure's message, before the reason and a closing parenthesis. */
  static final String EXPECTED_NOTE = "\n(expected: ";
}

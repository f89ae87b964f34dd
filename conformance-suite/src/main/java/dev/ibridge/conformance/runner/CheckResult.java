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

  /** Relative link to the first requirement's anchor in the rendered spec. */
  public static String requirementLink(String requirement) {
    return "spec/target/html/index.html#" + requirement;
  }

  public boolean failed() {
    return status == Status.FAILED || status == Status.EXPECTED_FAILURE;
  }
}

package dev.ibridge.conformance.harness;

import java.util.Objects;

/** A call to a testee that ended without an answer; {@link #failure()} says how. */
public final class TesteeException extends Exception {
  private final TesteeFailure failure;

  public TesteeException(TesteeFailure failure, String message) {
    this(failure, message, null);
  }

  public TesteeException(TesteeFailure failure, String message, Throwable cause) {
    super(Objects.requireNonNull(failure, "failure").name().toLowerCase().replace('_', '-') + ": " + message, cause);
    this.failure = failure;
  }

  public TesteeFailure failure() {
    return failure;
  }
}

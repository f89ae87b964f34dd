package dev.ibridge.conformance.checks;

/** A testee broke a requirement; the message says what was expected and what came back. */
public class CheckFailure extends RuntimeException {
  public CheckFailure(String message) {
    super(message);
  }

  public CheckFailure(String message, Throwable cause) {
    super(message, cause);
  }
}

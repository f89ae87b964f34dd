package dev.ibridge.conformance.checks;

import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.TesteeFailure;
import java.util.Objects;

/** Small assertions that fail with a {@link CheckFailure} naming what was expected. */
public final class Expect {
  private Expect() {}

  public static void equal(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      throw new CheckFailure(what + ": expected " + expected + " but the testee gave " + actual);
    }
  }

  public static void that(boolean condition, String failure) {
    if (!condition) {
      throw new CheckFailure(failure);
    }
  }

  /** An operation that must refuse its input: it must end in REJECTED, not succeed, crash or hang. */
  @FunctionalInterface
  public interface Call {
    Object call() throws TesteeException;
  }

  public static void rejected(Call call, String input) {
    Object answer;
    try {
      answer = call.call();
    } catch (TesteeException e) {
      if (e.failure() == TesteeFailure.REJECTED) {
        return;
      }
      throw new CheckFailure("the testee must reject " + input + " (ErrorReply REJECTED), but it failed with " + e.getMessage(), e);
    }
    throw new CheckFailure("the testee must reject " + input + ", but it accepted it and answered " + answer);
  }

  /** An operation that must fail without changing anything; any refusal but a timeout or protocol error counts. */
  public static void refused(Call call, String input) {
    Object answer;
    try {
      answer = call.call();
    } catch (TesteeException e) {
      if (e.failure() == TesteeFailure.REJECTED || e.failure() == TesteeFailure.RUNTIME_ERROR) {
        return;
      }
      throw new CheckFailure("the testee must refuse " + input + ", but it failed with " + e.getMessage(), e);
    }
    throw new CheckFailure("the testee must refuse " + input + ", but it answered " + answer);
  }
}

package dev.ibridge.conformance.checks;

/** A check that does not apply to this testee, with the reason. */
public final class CheckSkipped extends RuntimeException {
  public CheckSkipped(String reason) {
    super(reason);
  }
}

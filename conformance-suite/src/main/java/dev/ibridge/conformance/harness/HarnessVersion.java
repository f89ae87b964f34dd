package dev.ibridge.conformance.harness;

/** The harness protocol version this runner and this reference testee speak (Hello.harnessVersion). */
public final class HarnessVersion {
  public static final int CURRENT = 1;

  private HarnessVersion() {}
}

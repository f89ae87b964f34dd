package dev.ibridge.conformance.harness;

/** The harness operations against the reference called directly. */
class InProcessTesteeTest extends TesteeContract {
  @Override
  Testee start() {
    return new InProcessTestee();
  }
}

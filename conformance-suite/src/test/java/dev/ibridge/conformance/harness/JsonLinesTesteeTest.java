package dev.ibridge.conformance.harness;

/** The harness operations against the reference served by {@code TesteeMain --jsonl} in a child JVM. */
@org.junit.jupiter.api.Tag("REQ-HARNESS-013")
class JsonLinesTesteeTest extends TesteeContract {
  @Override
  Testee start() {
    return new SubprocessTestee(TesteeMain.javaCommand("--jsonl"),
        SubprocessTestee.Options.defaults().withFraming(HarnessFraming.JSON_LINES).withStderr(System.err::println));
  }
}

package dev.ibridge.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The harness operations against the reference served by TesteeMain in a child JVM, binary frames. */
@Tag("REQ-HARNESS-001")
@Tag("REQ-HARNESS-002")
@Tag("REQ-HARNESS-015")
class SubprocessTesteeTest extends TesteeContract {
  private SubprocessTestee subprocess;

  @Override
  Testee start() {
    subprocess = new SubprocessTestee(TesteeMain.javaCommand(), SubprocessTestee.Options.defaults().withStderr(System.err::println));
    return subprocess;
  }

  @Test
  void everyCallRanInOneProcess() throws TesteeException {
    testee().hello();
    assertThat(subprocess.starts()).isEqualTo(1);
  }

  @AfterAll
  void oneProcessServedTheWholeClass() {
    assertThat(subprocess.starts()).isEqualTo(1);
  }
}

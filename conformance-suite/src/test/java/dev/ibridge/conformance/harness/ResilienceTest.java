package dev.ibridge.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.key.Keys;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Testees that crash, hang, print garbage or speak another harness version each get a clear
 * report, and the runner goes on: the next call is served by a fresh process (or, for a version
 * mismatch, refused again at once). {@link BadTestee} misbehaves on derive-key only, so
 * output-fingerprint shows whether the runner recovered.
 */
class ResilienceTest {
  private static final KeyMaterial MATERIAL = TesteeContract.emission("resilience").record().keyMaterial();
  private static final List<Output> OUTPUTS = TesteeContract.emission("resilience").record().outputs();

  private static SubprocessTestee bad(String mode, Duration timeout, String... more) {
    String[] args = new String[more.length + 1];
    args[0] = mode;
    System.arraycopy(more, 0, args, 1, more.length);
    return new SubprocessTestee(TesteeMain.javaCommand(BadTestee.class, args),
        SubprocessTestee.Options.defaults().withTimeout(timeout).withStartTimeout(Duration.ofSeconds(60)));
  }

  private static TesteeException failure(ThrowingCall call) {
    try {
      call.run();
    } catch (TesteeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded, but the testee should have failed it");
  }

  private interface ThrowingCall {
    void run() throws TesteeException;
  }

  private static void recovers(SubprocessTestee testee, int expectedStarts) throws TesteeException {
    assertThat(testee.outputFingerprint(OUTPUTS).outputFingerprint()).isEqualTo(Keys.outputFingerprint(OUTPUTS));
    assertThat(testee.starts()).isEqualTo(expectedStarts);
  }

  @Test
  void aCrashIsARuntimeErrorAndTheNextCallGetsAFreshProcess() throws TesteeException {
    try (SubprocessTestee testee = bad("crash", SubprocessTestee.Options.DEFAULT_TIMEOUT)) {
      TesteeException e = failure(() -> testee.deriveKey(MATERIAL));
      assertThat(e.failure()).isEqualTo(TesteeFailure.RUNTIME_ERROR);
      assertThat(e.getMessage()).contains("derive-key", "exited", "status 3", "crashing on purpose");
      recovers(testee, 2);
    }
  }

  @Test
  void aHangIsKilledAfterTheTimeoutWithItsWholeProcessTree(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("pid");
    String command = String.join(" ", TesteeMain.javaCommand(BadTestee.class, "hang", pidFile.toString()).stream()
        .map(a -> "'" + a + "'").toList());
    SubprocessTestee.Options options = SubprocessTestee.Options.defaults()
        .withTimeout(Duration.ofSeconds(2)).withStartTimeout(Duration.ofSeconds(60));
    // Through /bin/sh -c, as --testee "CMD" runs it: the JVM is a child of the shell.
    try (SubprocessTestee testee = SubprocessTestee.shell(command, options)) {
      TesteeException e = failure(() -> testee.deriveKey(MATERIAL));
      assertThat(e.failure()).isEqualTo(TesteeFailure.TIMEOUT);
      assertThat(e.getMessage()).contains("derive-key", "did not answer within 2000 ms");
      long pid = Long.parseLong(Files.readString(pidFile));
      Optional<ProcessHandle> hung = ProcessHandle.of(pid);
      assertThat(hung.map(ProcessHandle::isAlive).orElse(false)).as("the hung JVM %d is gone", pid).isFalse();
      recovers(testee, 2);
    }
  }

  @Test
  @Tag("REQ-HARNESS-003")
  void textOnStandardOutputIsAProtocolErrorAndTheNextCallGetsAFreshProcess() throws TesteeException {
    try (SubprocessTestee testee = bad("garbage", SubprocessTestee.Options.DEFAULT_TIMEOUT)) {
      TesteeException e = failure(() -> testee.deriveKey(MATERIAL));
      assertThat(e.failure()).isEqualTo(TesteeFailure.PROTOCOL_ERROR);
      assertThat(e.getMessage()).contains("garbage", "more than the limit");
      recovers(testee, 2);
    }
  }

  @Test
  void aFrameThatIsNotAHarnessFrameIsAProtocolError() throws TesteeException {
    try (SubprocessTestee testee = bad("junk", SubprocessTestee.Options.DEFAULT_TIMEOUT)) {
      TesteeException e = failure(() -> testee.deriveKey(MATERIAL));
      assertThat(e.failure()).isEqualTo(TesteeFailure.PROTOCOL_ERROR);
      recovers(testee, 2);
    }
  }

  @Test
  @Tag("REQ-HARNESS-005")
  void theWrongReplyTypeIsAProtocolError() throws TesteeException {
    try (SubprocessTestee testee = bad("wrong-reply", SubprocessTestee.Options.DEFAULT_TIMEOUT)) {
      TesteeException e = failure(() -> testee.deriveKey(MATERIAL));
      assertThat(e.failure()).isEqualTo(TesteeFailure.PROTOCOL_ERROR);
      assertThat(e.getMessage()).contains("EmitReply where DeriveKeyReply belongs");
      recovers(testee, 2);
    }
  }

  @Test
  @Tag("REQ-HARNESS-004")
  void anotherSchemaFingerprintIsReportedAtTheFirstFrameAndNeverRetried() {
    try (SubprocessTestee testee = bad("foreign-schema", SubprocessTestee.Options.DEFAULT_TIMEOUT)) {
      TesteeException first = failure(testee::hello);
      assertThat(first.failure()).isEqualTo(TesteeFailure.VERSION_MISMATCH);
      String runner = FrameCodec.fingerprintText(FrameCodec.FINGERPRINT);
      assertThat(first.getMessage()).containsPattern("testee speaks harness schema [0-9a-f]{16}, the runner speaks " + runner);
      assertThat(first.getMessage()).doesNotContain("schema " + runner + ",");
      TesteeException later = failure(() -> testee.outputFingerprint(OUTPUTS));
      assertThat(later.failure()).isEqualTo(TesteeFailure.VERSION_MISMATCH);
      assertThat(testee.starts()).isEqualTo(1);
    }
  }

  @Test
  @Tag("REQ-HARNESS-004")
  void anotherHarnessVersionIsReportedAtHello() {
    try (SubprocessTestee testee = bad("wrong-version", SubprocessTestee.Options.DEFAULT_TIMEOUT)) {
      TesteeException e = failure(() -> testee.deriveKey(MATERIAL));
      assertThat(e.failure()).isEqualTo(TesteeFailure.VERSION_MISMATCH);
      assertThat(e.getMessage()).contains("harness version 2, the runner speaks 1");
      assertThat(failure(() -> testee.outputFingerprint(OUTPUTS)).failure()).isEqualTo(TesteeFailure.VERSION_MISMATCH);
      assertThat(testee.starts()).isEqualTo(1);
    }
  }

  @Test
  void aCommandThatDoesNotRunIsARuntimeErrorWithItsExitStatus() {
    try (SubprocessTestee testee = SubprocessTestee.shell("exec /nonexistent/testee-binary", SubprocessTestee.Options.defaults())) {
      TesteeException e = failure(testee::hello);
      assertThat(e.failure()).isEqualTo(TesteeFailure.RUNTIME_ERROR);
      assertThat(e.getMessage()).contains("status 127", "nonexistent");
    }
  }

  /**
   * A testee that writes its reason to standard error and exits at once races the drain of its
   * standard error against the runner seeing the exit; run many times, every failure must still
   * carry the reason, whichever path saw the end first.
   */
  @Test
  void theReasonATesteeWritesJustBeforeItExitsIsInEveryFailure() {
    for (int i = 0; i < 40; i++) {
      String exits = "echo 'reason " + i + ": no such database' >&2; exit 3";
      try (SubprocessTestee testee = SubprocessTestee.shell(exits, SubprocessTestee.Options.defaults())) {
        TesteeException e = failure(testee::hello);
        assertThat(e.failure()).isEqualTo(TesteeFailure.RUNTIME_ERROR);
        assertThat(e.getMessage()).as("run " + i).contains("status 3", "reason " + i + ": no such database");
        assertThat(testee.stderrTail()).as("run " + i).contains("reason " + i);
      }
      String garbage = "echo 'reason " + i + ": wrong mode' >&2; printf '\\377\\377\\377\\377\\377\\377\\377\\377'; exit 4";
      try (SubprocessTestee testee = SubprocessTestee.shell(garbage, SubprocessTestee.Options.defaults())) {
        TesteeException e = failure(testee::hello);
        assertThat(e.getMessage()).as("run " + i).contains("reason " + i + ": wrong mode");
      }
    }
  }

  @Test
  void anUnknownMutantIsAUsageErrorOfTesteeMain() {
    try (SubprocessTestee testee = new SubprocessTestee(TesteeMain.javaCommand("--mutant", "no-such-mutant"),
        SubprocessTestee.Options.defaults().withStartTimeout(Duration.ofSeconds(60)))) {
      TesteeException e = failure(testee::hello);
      assertThat(e.failure()).isEqualTo(TesteeFailure.RUNTIME_ERROR);
      assertThat(e.getMessage()).contains("status 2", "unknown mutant \"no-such-mutant\"");
    }
  }

  @Test
  @Tag("REQ-HARNESS-009")
  void shutdownEndsTheProcess() throws TesteeException {
    SubprocessTestee testee = new SubprocessTestee(TesteeMain.javaCommand(),
        SubprocessTestee.Options.defaults().withStartTimeout(Duration.ofSeconds(60)));
    testee.hello();
    testee.close();
    assertThat(testee.exitStatus()).contains(0);
  }
}

package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the one-line error contract: {@code ibridge: SOURCE: MESSAGE}, one line, no trace. */
final class Errors {
  private Errors() {}

  static void assertOneLine(Run run, String expectedStart) {
    assertThat(run.stderr()).as(run.toString()).startsWith("ibridge: " + expectedStart).endsWith("\n");
    assertThat(run.stderr().lines().count()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}

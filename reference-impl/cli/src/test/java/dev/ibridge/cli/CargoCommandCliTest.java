package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CargoCommandCliTest {
  @Test
  void everythingAfterCargoIsCargosIncludingOptions() {
    Io io = new Io(System.in, new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream());
    CommandLine.ParseResult parsed =
        Cli.commandLine(io).parseArgs("cargo", "build", "--release", "-p", "cli", "--", "--help");
    CommandLine.ParseResult sub = parsed.subcommand();
    assertThat(sub.commandSpec().name()).isEqualTo("cargo");
    assertThat(sub.matchedPositionals().get(0).<java.util.List<String>>getValue())
        .containsExactly("build", "--release", "-p", "cli", "--", "--help");
  }

  @Test
  void withoutACargoCommandItIsAUsageError() {
    Run r = Run.of("cargo");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
    assertThat(r.stderr()).startsWith("ibridge: cargo: ");
  }
}

package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.model.ProtocolVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class HelpAndVersionTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "decode", "encode", "key"})
  void helpDocumentsEveryOptionAnExampleAndTheExitCodes(String command) {
    List<String> args = command.isEmpty() ? List.of("--help") : List.of(command, "--help");

    Run run = Run.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stderr()).isEmpty();
    String help = run.stdout();
    assertThat(help).startsWith("Usage: ibridge" + (command.isEmpty() ? "" : " " + command));
    assertThat(help).contains("Examples:", "Exit codes:", "  2 ", "  70 ");
    CommandSpec spec = Cli.commandLine(new Io(System.in, System.out, System.err)).getCommandSpec();
    if (!command.isEmpty()) {
      spec = spec.subcommands().get(command).getCommandSpec();
    }
    for (OptionSpec option : spec.options()) {
      assertThat(help).as("help of '%s' documents %s", command, option.longestName()).contains(option.longestName());
    }
    spec.positionalParameters()
        .forEach(p -> assertThat(help).contains(p.paramLabel()));
  }

  @Test
  void everySubcommandIsListedInTheTopLevelHelp() {
    String help = Run.of("--help").stdout();
    CommandLine cl = Cli.commandLine(new Io(System.in, System.out, System.err));
    assertThat(cl.getSubcommands()).isNotEmpty();
    cl.getSubcommands().keySet().forEach(name -> assertThat(help).contains("  " + name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "decode", "encode", "key"})
  void versionNamesTheProjectAndProtocolVersions(String command) {
    List<String> args = command.isEmpty() ? List.of("--version") : List.of(command, "--version");

    Run run = Run.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .isEqualTo("ibridge " + VersionProvider.projectVersion() + " (protocol "
            + ProtocolVersion.MAJOR + "." + ProtocolVersion.MINOR + ")\n");
    assertThat(VersionProvider.projectVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "frobnicate", "decode", "decode --bogus x", "encode x", "encode --type nope",
      "decode --type record --format avro-binary x", "decode --format capnp x", "key a b"})
  void usageErrorsAreOneLineWithExitTwo(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");

    Run run = Run.of(args);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    Errors.assertOneLine(run, "");
    assertThat(run.stderr()).contains("--help");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bogus|unknown command 'bogus'; the commands are ",
      "decode --bogus x|unknown option '--bogus'",
      "key a b|unexpected argument 'b'",
      "store gc --store /nonexistent --max-bytes 10X|'10X' is not a size (use bytes or a number with K, M, G or T"})
  void aWordPicocliCannotPlaceIsNamedNotNumbered(String line, String expected) {
    Run run = Run.of(line.split(" "));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr()).contains(expected).doesNotContain("index");
    Errors.assertOneLine(run, "");
  }

}

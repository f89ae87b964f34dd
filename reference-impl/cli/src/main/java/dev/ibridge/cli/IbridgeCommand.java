package dev.ibridge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level command. A new subcommand is one more entry in {@code subcommands}. */
@Command(
    name = "ibridge",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a check failed (the input is readable but wrong)",
      "2:usage error, or an input that is missing, unreadable or invalid",
      "70:internal error in ibridge (please report it)"
    },
    description = {
      "The Incremental Bridge Protocol (ibridge): read, write and check its files, work on a store,"
          + " run the seed's scenarios, and check an emitter against the conformance suite.",
      "Results go to stdout. Errors are one line on stderr: 'ibridge: FILE: what is wrong'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge demo",
      "  ibridge run --workspace examples/workspace.json --activity check",
      "  ibridge conformance --testee \"my-emitter --ibridge-testee\"",
      "  ibridge verify target/ibridge",
      "  ibridge decode examples/record.bin",
      "  ibridge key examples/key-material.json",
      "  ibridge encode --type record -o record.bin examples/record.json"
    },
    subcommands = {
      DecodeCommand.class,
      EncodeCommand.class,
      KeyCommand.class,
      dev.ibridge.cli.schema.SchemaCommand.class,
      dev.ibridge.cli.demo.DemoCommand.class,
      dev.ibridge.cli.store.RunCommand.class,
      dev.ibridge.cli.store.StoreCommand.class,
      dev.ibridge.cli.store.VerifyStoreCommand.class,
      dev.ibridge.cli.conformance.ConformanceCommand.class,
      dev.ibridge.cli.cargo.CargoCommand.class,
    })
final class IbridgeCommand implements Callable<Integer> {
  private final Io io;

  @Spec CommandSpec spec;

  IbridgeCommand(Io io) {
    this.io = io;
  }

  Io io() {
    return io;
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "a command is required: " + String.join(", ", spec.subcommands().keySet()));
  }
}

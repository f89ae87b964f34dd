package dev.ibridge.cli.store;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ibridge store}: the commands that work on a store directory. */
@Command(
    name = "store",
    description = {
      "Works on an ibridge store: a plain directory of records, blobs, heads and journals.",
      "Every command takes --store DIR (default $IBRIDGE_STORE, else <cargo target dir>/ibridge)"
          + " and --json. Only 'init' and 'pull' create a store."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge store init --store /tmp/s",
      "  ibridge store emit --store /tmp/s examples/record.json --blob examples/blobs/analysis.bin"
          + " --blob examples/blobs/timings.json",
      "  ibridge store ls --store /tmp/s",
      "  ibridge store request --store /tmp/s examples/key-material.json",
      "  ibridge store gc --store /tmp/s --keep-sessions 5",
      "  ibridge store push --store /tmp/s --remote http://127.0.0.1:8080/team"
    },
    subcommands = {
      StoreCommands.Init.class,
      StoreCommands.Ls.class,
      StoreCommands.Show.class,
      StoreCommands.Request.class,
      StoreCommands.Emit.class,
      StoreCommands.Explain.class,
      StoreCommands.Verify.class,
      StoreCommands.Gc.class,
      StoreCommands.Stats.class,
      RemoteCommands.Push.class,
      RemoteCommands.Pull.class
    })
public final class StoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "a store command is required: " + String.join(", ", spec.subcommands().keySet()));
  }
}

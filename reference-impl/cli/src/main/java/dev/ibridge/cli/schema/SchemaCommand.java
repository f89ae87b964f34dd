package dev.ibridge.cli.schema;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ibridge schema}: commands about the protocol's schemas. */
@Command(
    name = "schema",
    description = "Commands about the protocol's Cap'n Proto and Avro schemas.",
    footerHeading = "%nExamples:%n",
    footer = {"  ibridge schema compat schemas/released/v1 schemas/v1"},
    subcommands = {CompatCommand.class})
public final class SchemaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "a schema command is required: " + String.join(", ", spec.subcommands().keySet()));
  }
}

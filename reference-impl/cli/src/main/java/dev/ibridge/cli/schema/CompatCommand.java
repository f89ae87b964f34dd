package dev.ibridge.cli.schema;

import dev.ibridge.tools.schema.CompatReport;
import dev.ibridge.tools.schema.SchemaCompat;
import dev.ibridge.tools.schema.SchemaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ibridge schema compat OLD NEW}: the schema-evolution gate. The rules live in the suite. */
@Command(
    name = "compat",
    description = {
      "Classifies the change from OLD to NEW as compatible or breaking, following the evolution"
          + " rule of the specification (chapter 'Versioning and evolution'), and prints every difference"
          + " with its verdict and reason. OLD and NEW are two .capnp files, two .avdl files, or two"
          + " directories of them paired by file name.",
      "Exits 0 when the change is compatible and 1 when it is breaking."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge schema compat schemas/released/v1 schemas/v1",
      "  ibridge schema compat old/ibridge.capnp schemas/v1/ibridge.capnp"
    })
final class CompatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OLD", description = "The released schema file or directory.")
  Path oldPath;

  @Parameters(index = "1", paramLabel = "NEW", description = "The changed schema file or directory.")
  Path newPath;

  @Override
  public Integer call() {
    CompatReport report;
    try {
      report = SchemaCompat.compare(oldPath, newPath);
    } catch (SchemaException e) {
      // The same one-line form and exit code 2 as every other ibridge input error.
      PrintWriter err = spec.commandLine().getErr();
      err.println("ibridge: compat: " + e.getMessage().replaceAll("[\\r\\n]+", " ").strip());
      err.flush();
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    report.findings().forEach(out::println);
    long breaking = report.breaking().size();
    out.println((breaking == 0 ? "compatible: " : "breaking: ") + breaking + " breaking change(s), "
        + (report.findings().size() - breaking) + " compatible");
    out.flush();
    return breaking == 0 ? 0 : 1;
  }
}

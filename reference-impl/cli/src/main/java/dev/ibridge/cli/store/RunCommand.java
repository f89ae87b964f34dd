package dev.ibridge.cli.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.activity.ActivityCatalog;
import dev.ibridge.activity.ActivityDefinition;
import dev.ibridge.activity.ActivityReport;
import dev.ibridge.activity.ActivityRunner;
import dev.ibridge.activity.ReferenceCompiler;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.Workspace;
import dev.ibridge.activity.WorkspaceJson;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ibridge run}: the reference emitter on a workspace model of the user's, as cargo runs a
 * command on a workspace. It requests every (subject, facet) the activity needs and computes and
 * emits only the misses.
 */
@Command(
    name = "run",
    header = "Runs an activity (check, clippy, build, doc, or your own) of a workspace model through a store.",
    description = {
      "Runs the reference emitter: for each subject and facet the activity needs, in dependency"
          + " order, it derives the key, requests the record, and on a miss computes the outputs and emits"
          + " them. Prints how many records hit and how many were computed; with --timing, also how long"
          + " the run took inside ibridge and since the process started. The workspace model is JSON"
          + " (units, dependencies, sources, config per facet), like the demo's sample workspace. The store"
          + " is created when it does not exist."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge run --workspace examples/workspace.json --activity check",
      "  ibridge run --workspace examples/workspace.json --activity build -p app --store /tmp/store --timing",
      "  ibridge run --workspace ws.json --activities my-activities.json --activity lint --json"
    })
public final class RunCommand extends StoreSubcommand {
  @Option(names = "--workspace", required = true, paramLabel = "FILE", description = "The workspace model (JSON).")
  Path workspaceFile;

  @Option(names = "--activity", required = true, paramLabel = "NAME",
      description = "The activity to run: check, clippy, build, doc, or one defined in --activities.")
  String activityName;

  @Option(names = {"-p", "--package"}, paramLabel = "PKG",
      description = "Run only on this unit (repeatable), like cargo's -p; default: every unit.")
  List<String> packages = List.of();

  @Option(names = "--activities", paramLabel = "FILE",
      description = "User-defined facets and activities (JSON), added to the built-in ones.")
  Path activitiesFile;

  @Option(names = "--timing",
      description = "Also print the time spent in the activity, in the whole command, and since the process started.")
  boolean timing;

  private long started;
  private Workspace workspace;
  private ActivityRunner runner;
  private ActivityDefinition activity;
  private Selection selection;

  @Override
  boolean creates() {
    return true;
  }

  @Override
  public Integer call() {
    started = System.nanoTime();
    PrintWriter err = spec.commandLine().getErr();
    try {
      workspace = WorkspaceJson.read(workspaceFile);
    } catch (NoSuchFileException e) {
      report(err, workspaceFile.toString(), "no such file");
      return Outcome.INPUT;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      report(err, workspaceFile.toString(), withoutSource(e.getMessage(), workspaceFile.toString()));
      return Outcome.INPUT;
    }
    try {
      ActivityCatalog catalog = ActivityCatalog.builtin();
      if (activitiesFile != null) {
        catalog = catalog.withUserDefinitions(activitiesFile);
      }
      runner = new ActivityRunner(catalog, new ReferenceCompiler());
    } catch (IOException | IllegalArgumentException e) {
      report(err, String.valueOf(activitiesFile), e.getMessage());
      return Outcome.INPUT;
    }
    try {
      activity = runner.catalog().activity(activityName);
      selection = new Selection(Set.copyOf(packages));
      runner.nodes(workspace, activity, selection);
    } catch (IllegalArgumentException e) {
      report(err, "run", e.getMessage());
      return Outcome.INPUT;
    }
    return super.call();
  }

  @Override
  int run(Store store) throws IOException {
    long opened = System.nanoTime();
    ActivityReport report = runner.run(store, workspace, activity.name(), selection);
    long ran = System.nanoTime();
    int nodes = report.steps().size();
    int hits = report.hits().size();
    int computed = report.computed().size();
    double activityMs = (ran - opened) / 1e6;
    double commandMs = (ran - started) / 1e6;
    long sinceStartMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    if (json()) {
      ObjectNode node = object()
          .put("store", store.root().toString())
          .put("activity", report.activity())
          .put("command", report.command())
          .put("units", workspace.units().size())
          .put("nodes", nodes)
          .put("hits", hits)
          .put("computed", computed)
          .put("bytesWritten", report.bytesWritten())
          .put("bytesDeduplicated", report.bytesDeduplicated());
      if (timing) {
        node.putObject("timing")
            .put("activityMillis", activityMs)
            .put("commandMillis", commandMs)
            .put("sinceProcessStartMillis", sinceStartMs);
      }
      printJson(node);
    } else {
      out().printf("%s on %d units: %d nodes, %d hits, %d computed; %d B written, %d B deduplicated%n",
          report.command(), workspace.units().size(), nodes, hits, computed,
          report.bytesWritten(), report.bytesDeduplicated());
      if (timing) {
        out().printf("timing: activity %.1f ms, command %.1f ms, since process start %d ms%n",
            activityMs, commandMs, sinceStartMs);
      }
    }
    return Outcome.OK;
  }

  /** A message that starts with the name the error line already shows, without that name. */
  private static String withoutSource(String message, String source) {
    return message != null && message.startsWith(source + " ") ? message.substring(source.length() + 1) : message;
  }
}

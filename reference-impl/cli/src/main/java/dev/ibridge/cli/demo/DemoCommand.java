package dev.ibridge.cli.demo;

import dev.ibridge.activity.ActivityReport;
import dev.ibridge.activity.Workspace;
import dev.ibridge.activity.WorkspaceUnit;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the seed's scenarios on the bundled sample workspace and prints what was reused. */
@Command(
    name = "demo",
    header = "Runs the seed's five scenarios on a sample workspace and shows what each activity reuses.",
    description = {
      "Runs the seed's five scenarios on a bundled sample workspace, each in a fresh store, and"
          + " prints for every step how many records hit, how many were computed (misses), and the blob"
          + " bytes written and deduplicated; then one verdict line per scenario.",
      "  1 check; build -p parser; check  the second check hits everything",
      "  2 check; clippy                  clippy reuses the analysis, adds its lints",
      "  3 check; build                   build reuses the analysis",
      "  4 comment-only edit at the root  only the root recomputes (early cutoff)",
      "  5 interface change at the root   the dependents recompute",
      "Exit code 1 when a scenario does not behave as the protocol promises."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  ibridge demo", "  ibridge demo --scenario 4", "  ibridge demo --store /tmp/demo-stores"})
public final class DemoCommand implements Callable<Integer> {
  /** The exit code when a scenario's verdict fails: ibridge's "a check failed". */
  static final int SCENARIO_FAILED = 1;

  @Spec CommandSpec spec;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Keep the stores: scenario N runs in DIR/scenario-N, which must not hold a store yet."
          + " Without it the stores are temporary and removed afterwards.")
  Path storeDir;

  @Option(names = "--scenario", paramLabel = "N", description = "Run only scenario N (1 to 5).")
  Integer only;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<Integer> numbers = new ArrayList<>();
    if (only != null) {
      if (only < 1 || only > DemoScenarios.COUNT) {
        throw new ParameterException(spec.commandLine(), "--scenario must be 1 to " + DemoScenarios.COUNT + ", got " + only);
      }
      numbers.add(only);
    } else {
      for (int n = 1; n <= DemoScenarios.COUNT; n++) {
        numbers.add(n);
      }
    }
    Path root = storeDir != null ? storeDir : Files.createTempDirectory(tempRoot(), "ibridge-demo-");
    for (int n : numbers) {
      Path dir = root.resolve("scenario-" + n);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new ParameterException(spec.commandLine(),
                dir + " is not empty; the scenarios need fresh stores: give --store a new directory");
          }
        }
      }
    }
    DemoScenarios demo = DemoScenarios.reference();
    Workspace ws = demo.sample();
    int subjects = ws.units().stream().mapToInt(u -> u.subjects().size()).sum();
    out.printf("Sample workspace: %d units (%s), %d subjects; stores under %s%n",
        ws.units().size(), String.join(" ", ws.units().stream().map(WorkspaceUnit::name).toList()), subjects, root);
    List<ScenarioResult> results = new ArrayList<>();
    try {
      for (int n : numbers) {
        try (Store store = Store.open(root.resolve("scenario-" + n))) {
          ScenarioResult r = demo.run(n, store);
          results.add(r);
          print(out, r);
        }
      }
    } finally {
      if (storeDir == null) {
        deleteTree(root);
      }
    }
    out.println();
    boolean allPassed = true;
    for (ScenarioResult r : results) {
      out.printf("%s scenario %d: %s%n", r.passed() ? "PASS" : "FAIL", r.number(), r.verdict());
      allPassed &= r.passed();
    }
    out.flush();
    return allPassed ? 0 : SCENARIO_FAILED;
  }

  private static void print(PrintWriter out, ScenarioResult r) {
    out.printf("%nScenario %d: %s%n", r.number(), r.title());
    out.printf("  %-4s %-40s %5s %7s %10s %10s%n", "step", "command", "hits", "misses", "written", "dedup");
    int step = 1;
    for (DemoStep s : r.steps()) {
      if (s instanceof DemoStep.Run run) {
        ActivityReport a = run.report();
        out.printf("  %-4d %-40s %5d %7d %10s %10s%n", step++, a.command(), a.hits().size(), a.computed().size(),
            bytes(a.bytesWritten()), bytes(a.bytesDeduplicated()));
      } else {
        out.printf("  %-4s %s%n", "", s.description());
      }
    }
  }

  static String bytes(long n) {
    return n < 1024 ? n + " B" : String.format("%.1f KiB", n / 1024.0);
  }

  /** A RAM-backed directory when the system has one: the temporary stores never need a disk. */
  private static Path tempRoot() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

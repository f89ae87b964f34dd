package dev.ibridge.cli.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.cli.conformance.FileOptions.FileProblem;
import dev.ibridge.conformance.checks.Catalog;
import dev.ibridge.conformance.checks.Check;
import dev.ibridge.conformance.checks.CheckDescriptor;
import dev.ibridge.conformance.checks.Level;
import dev.ibridge.conformance.harness.HarnessFraming;
import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.SubprocessTestee;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.report.ConsoleReport;
import dev.ibridge.conformance.report.JsonReport;
import dev.ibridge.conformance.report.JunitReport;
import dev.ibridge.conformance.runner.CheckResult;
import dev.ibridge.conformance.runner.ConformanceRunner;
import dev.ibridge.conformance.runner.ExpectedFailures;
import dev.ibridge.conformance.runner.RunOptions;
import dev.ibridge.conformance.runner.RunResult;
import dev.ibridge.json.JsonForm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ibridge conformance}: runs the conformance suite against an emitter, or the bundled reference. */
@Command(
    name = "conformance",
    header = "Runs the conformance suite against an emitter, or against the Java reference.",
    description = {
      "Runs the conformance suite against a testee: the checks derive keys, emit into stores, read"
          + " stores the reference wrote, hand it bad input and run activities, and check every answer and"
          + " every file against the spec. Without --testee it runs against the bundled Java reference in"
          + " process. A failure names its requirement and prints a one-line replay.",
      "Every file option is checked before the run starts. With --report-dir the reports are written even when the"
          + " suite cannot run (the harness error is one <error> in the JUnit report).",
      "Exit code 0 when the testee conforms, 1 when it does not, 2 on a usage, file or harness error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ibridge conformance",
      "  ibridge conformance --testee \"./my-emitter --ibridge-testee\" --report-dir target/conformance",
      "  ibridge conformance --testee \"./my-emitter\" --test 'Required.REQ-KEY-*' --seed 42",
      "  ibridge conformance --testee \"python3 testee.py\" --jsonl --profile derive-key,output-fingerprint",
      "  ibridge conformance --testee \"./my-emitter\" --replay failures/Required.REQ-KEY-004.ConfigSortedByName-42.json"
    })
public final class ConformanceCommand implements Callable<Integer> {
  private static final int HARNESS_ERROR = 2;

  @Spec CommandSpec spec;

  @Option(names = "--testee", paramLabel = "CMD",
      description = "The testee, run with /bin/sh -c CMD, speaking the harness protocol on stdin and stdout."
          + " Without it, the bundled Java reference runs in process.")
  String testee;

  @Option(names = "--jsonl", description = "Speak the JSON-lines mode of the harness instead of binary frames.")
  boolean jsonl;

  @Option(names = "--test", paramLabel = "ID", description = "Run only checks whose ID matches (repeatable; * is a wildcard).")
  List<String> tests = new ArrayList<>();

  @Option(names = "--level", paramLabel = "LEVEL",
      description = "required: only REQUIRED checks; recommended: REQUIRED and RECOMMENDED (the default).")
  String level;

  @Option(names = "--seed", paramLabel = "N", description = "The seed of the property checks (default: random, printed).")
  Long seed;

  @Option(names = "--tries", paramLabel = "N", description = "Cases per property check (default: each check's own).")
  Integer tries;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Per-call timeout for the testee (default ${DEFAULT-VALUE}).")
  int timeout = 10;

  @Option(names = "--expected-failures", paramLabel = "FILE",
      description = "Checks expected to fail, one ID a line, optionally '# reason'. A listed check that passes,"
          + " or an entry that names no check, fails the run.")
  Path expectedFailures;

  @Option(names = "--write-expected-failures", paramLabel = "FILE",
      description = "After the run, write the IDs of the failing checks to FILE (keeping the reasons of --expected-failures).")
  Path writeExpectedFailures;

  @Option(names = "--report-dir", paramLabel = "DIR", description = "Write conformance.json and conformance-junit.xml to DIR.")
  Path reportDir;

  @Option(names = "--export-failures", paramLabel = "DIR",
      description = "Write each failing property check's shrunk case to DIR as a file that --replay runs again.")
  Path exportFailures;

  @Option(names = "--replay", paramLabel = "FILE", description = "Run only the shrunk case in FILE (from --export-failures).")
  Path replay;

  @Option(names = "--list", description = "List the checks (ID, level, requirements, title) and exit.")
  boolean list;

  @Option(names = "--json", description = "With --list: print the checks as a JSON array (id, level, requirements,"
      + " operations, title).")
  boolean json;

  @Option(names = "--profile", paramLabel = "OP,OP",
      description = "The operations the testee claims, for a partial profile (derive-key, output-fingerprint, request,"
          + " emit, run-activity, read-store; or none). A check that needs another operation is skipped and does not"
          + " count. Without it the testee claims the whole protocol, and a REQUIRED check skipped because the testee"
          + " lacks an operation makes the run not conforming.")
  String profile;

  @Option(names = "--spec-url", paramLabel = "BASE",
      description = "The rendered spec that the reports' requirement links point into (default: ${DEFAULT-VALUE},"
          + " relative to the root of an ibridge checkout).")
  String specUrl = RunResult.DEFAULT_SPEC_URL;

  @Option(names = "--start-timeout", paramLabel = "SECONDS",
      description = "How long a freshly started testee has to answer hello (default ${DEFAULT-VALUE}; a 'cargo run'"
          + " testee that compiles first needs more).")
  int startTimeout = 30;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (list) {
      out.print(json ? listJson() : listText());
      out.flush();
      return 0;
    }
    if (json) {
      throw new ParameterException(spec.commandLine(), "--json goes with --list");
    }
    RunOptions options = options();
    Optional<FileProblem> problem = FileOptions.check(expectedFailures, reportDir, writeExpectedFailures, replay, exportFailures);
    if (problem.isPresent()) {
      err.println("ibridge: " + problem.get().file() + ": " + problem.get().message());
      err.flush();
      return HARNESS_ERROR;
    }
    try (Testee t = testee()) {
      RunResult run;
      try {
        run = replay != null
            ? ConformanceRunner.replay(t, replay, options, line -> { err.println(line); err.flush(); })
            : ConformanceRunner.run(t, options, line -> { err.println(line); err.flush(); });
      } catch (ConformanceRunner.HarnessError e) {
        String message = e.getMessage().replaceAll("[\\r\\n]+", " ");
        err.println("ibridge: conformance: " + message);
        if (t instanceof SubprocessTestee s && !s.stderrTail().isBlank() && !message.contains("its standard error ends")) {
          err.println("ibridge: conformance: the testee's last standard error output:");
          err.println(s.stderrTail().strip());
        }
        err.flush();
        run = RunResult.harnessError(testee != null ? testee : "the Java reference", options.seed(), message);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      run = run.withSpecUrl(specUrl);
      try {
        if (reportDir != null) {
          JsonReport.write(run, reportDir);
          JunitReport.write(run, reportDir);
        }
        if (writeExpectedFailures != null && run.harnessError().isEmpty()) {
          ExpectedFailures kept = expectedFailures != null ? ExpectedFailures.read(expectedFailures) : ExpectedFailures.none();
          kept.write(writeExpectedFailures, run.results().stream().filter(CheckResult::failed).map(r -> r.check().id()).toList());
        }
      } catch (IOException e) {
        err.println("ibridge: " + FileOptions.describe(e));
        err.flush();
        return HARNESS_ERROR;
      }
      if (run.harnessError().isEmpty()) {
        out.print(ConsoleReport.render(run));
        out.flush();
      }
      return run.exitCode();
    }
  }

  private static String listText() {
    StringBuilder sb = new StringBuilder();
    for (CheckDescriptor d : Catalog.all()) {
      sb.append(String.format("%-62s %-11s %s  %s%n", d.id(), d.level(), String.join(",", d.requirements()), d.title()));
    }
    return sb.toString();
  }

  private static String listJson() {
    ArrayNode checks = JsonNodeFactory.instance.arrayNode();
    for (Check c : Catalog.checks()) {
      ObjectNode o = checks.addObject();
      o.put("id", c.id());
      o.put("level", c.descriptor().level().name());
      ArrayNode reqs = o.putArray("requirements");
      c.descriptor().requirements().forEach(reqs::add);
      ArrayNode ops = o.putArray("operations");
      c.operations().stream().sorted().forEach(op -> ops.add(op.wireName()));
      o.put("title", c.descriptor().title());
    }
    return JsonForm.renderTree(checks);
  }

  private RunOptions options() {
    long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
    StringBuilder prefix = new StringBuilder("ibridge conformance");
    if (testee != null) {
      prefix.append(" --testee ").append(shellQuote(testee));
    }
    if (jsonl) {
      prefix.append(" --jsonl");
    }
    if (startTimeout != 30) {
      prefix.append(" --start-timeout ").append(startTimeout);
    }
    RunOptions o = RunOptions.defaults(s, prefix.toString()).withTests(tests);
    if (level != null) {
      o = switch (level.toLowerCase(Locale.ROOT)) {
        case "required" -> o.withLevel(Level.REQUIRED);
        case "recommended" -> o.withLevel(Level.RECOMMENDED);
        default -> throw new ParameterException(spec.commandLine(), "--level must be required or recommended, got " + level);
      };
    }
    if (tries != null) {
      if (tries < 1) {
        throw new ParameterException(spec.commandLine(), "--tries must be at least 1, got " + tries);
      }
      o = o.withTries(tries);
    }
    if (timeout < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second, got " + timeout);
    }
    if (expectedFailures != null) {
      o = o.withExpectedFailures(expectedFailures);
    }
    if (exportFailures != null) {
      o = o.withExportFailures(exportFailures);
    }
    if (startTimeout < 1) {
      throw new ParameterException(spec.commandLine(), "--start-timeout must be at least 1 second, got " + startTimeout);
    }
    if (profile != null) {
      o = o.withProfile(profileOperations(profile));
    }
    return o;
  }

  private Testee testee() {
    if (testee == null) {
      return new InProcessTestee(jsonl ? HarnessFraming.JSON_LINES : HarnessFraming.BINARY);
    }
    SubprocessTestee.Options o = SubprocessTestee.Options.defaults()
        .withTimeout(Duration.ofSeconds(timeout))
        .withStartTimeout(Duration.ofSeconds(startTimeout))
        .withFraming(jsonl ? HarnessFraming.JSON_LINES : HarnessFraming.BINARY);
    return SubprocessTestee.shell(testee, o);
  }

  private Set<Operation> profileOperations(String text) {
    Set<Operation> ops = EnumSet.noneOf(Operation.class);
    if (text.strip().equals("none")) {
      return ops;
    }
    for (String name : text.split(",", -1)) {
      ops.add(Operation.byWireName(name.strip()).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "--profile names " + (name.isBlank() ? "an empty operation" : "'" + name.strip() + "', which is no operation")
              + "; the operations are derive-key, output-fingerprint, request, emit, run-activity, read-store (or none)")));
    }
    return ops;
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

}

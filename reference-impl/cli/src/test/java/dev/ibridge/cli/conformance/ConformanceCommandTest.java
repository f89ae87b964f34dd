package dev.ibridge.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.conformance.harness.TesteeMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's contract: exit codes, the closing line, reports, replays and expected-failure lists. */
class ConformanceCommandTest {
  @TempDir Path dir;

  record Result(int exit, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ConformanceCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private static String mutant(String name) {
    return TesteeMain.javaCommand("--mutant", name).stream().map(ConformanceCommand::shellQuote).collect(Collectors.joining(" "));
  }

  @Test
  void referenceInProcessConformsAndWritesReports() throws IOException {
    Result r = run("--test", "Required.REQ-KEY-00*", "--test", "Required.REQ-FP-*", "--seed", "5", "--report-dir", dir.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.lastLine()).matches("[1-9][0-9]* passed, 0 failed");
    assertThat(r.err()).contains("conformance: KEY");
    assertThat(Files.readString(dir.resolve("conformance.json"))).contains("\"conforming\" : true")
        .contains("spec/target/html/index.html#REQ-KEY-001");
    assertThat(Files.readString(dir.resolve("conformance-junit.xml"))).contains("<testsuite").contains("failures=\"0\"");
  }

  @Test
  void mutantThroughTheHarnessFailsAndItsExportedCaseReplaysToTheSameVerdict() throws IOException {
    Path failures = dir.resolve("failures");
    String id = "Required.REQ-KEY-004.ConfigSortedByName";
    Result r = run("--testee", mutant("wrong-sort-order"), "--test", id, "--seed", "11", "--export-failures", failures.toString(),
        "--report-dir", dir.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.lastLine()).isEqualTo("0 passed, 1 failed");
    assertThat(r.out()).contains("FAILED " + id).contains("spec/target/html/index.html#REQ-KEY-004")
        .contains("seed 11").contains("replay: ibridge conformance --testee").contains("--test " + id + " --seed 11");
    assertThat(Files.readString(dir.resolve("conformance-junit.xml"))).contains("spec/target/html/index.html#REQ-KEY-004");
    List<Path> exported;
    try (Stream<Path> files = Files.list(failures)) {
      exported = files.toList();
    }
    assertThat(exported).hasSize(1);
    Result replayed = run("--testee", mutant("wrong-sort-order"), "--replay", exported.get(0).toString());
    assertThat(replayed.exit()).as(replayed.out() + replayed.err()).isEqualTo(1);
    assertThat(replayed.out()).contains("FAILED " + id);
    assertThat(replayed.lastLine()).isEqualTo("0 passed, 1 failed");
    Result reference = run("--replay", exported.get(0).toString());
    assertThat(reference.exit()).as(reference.out()).isZero();
    assertThat(reference.lastLine()).isEqualTo("1 passed, 0 failed");
  }

  @Test
  void expectedFailuresExcuseListedChecksAndGoStaleLoudly() throws IOException {
    String id = "Required.REQ-KEY-004.ConfigSortedByName";
    Path list = Files.writeString(dir.resolve("expected.txt"), "# known\n" + id + "  # sorts config the wrong way\n");
    Result excused = run("--testee", mutant("wrong-sort-order"), "--test", id, "--seed", "3",
        "--expected-failures", list.toString());
    assertThat(excused.exit()).as(excused.out()).isZero();
    assertThat(excused.out()).contains("EXPECTED FAILURE " + id).contains("1 expected failures");

    Result passing = run("--test", id, "--seed", "3", "--expected-failures", list.toString());
    assertThat(passing.exit()).as(passing.out()).isEqualTo(1);
    assertThat(passing.out()).contains("UNEXPECTED PASS " + id).contains("--write-expected-failures");

    Path stale = Files.writeString(dir.resolve("stale.txt"), "Required.REQ-KEY-999.NoSuchCheck\n");
    Result staleRun = run("--test", "Required.REQ-FP-002*", "--seed", "3", "--expected-failures", stale.toString(),
        "--write-expected-failures", dir.resolve("updated.txt").toString());
    assertThat(staleRun.exit()).isEqualTo(1);
    assertThat(staleRun.out()).contains("STALE Required.REQ-KEY-999.NoSuchCheck");
    assertThat(Files.readString(dir.resolve("updated.txt"))).doesNotContain("REQ-KEY-999");
  }

  @Test
  void usageAndHarnessErrorsExitWithTwo() {
    assertThat(run("--level", "sometimes").exit()).isEqualTo(2);
    assertThat(run("--test", "No.Such.Check").exit()).isEqualTo(2);
    Result crashed = run("--testee", "echo starting >&2; exit 3", "--timeout", "5");
    assertThat(crashed.exit()).isEqualTo(2);
    assertThat(crashed.err()).contains("did not answer hello").contains("status 3");
    Result garbage = run("--testee", "echo this is not a frame", "--timeout", "5");
    assertThat(garbage.exit()).isEqualTo(2);
    assertThat(garbage.err()).contains("did not answer hello");
  }

  @Test
  void listsEveryCheckWithItsLevelAndRequirements() {
    Result r = run("--list");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Required.REQ-KEY-003.SingleBlockArrays").contains("REQUIRED").contains("RECOMMENDED");
  }
}

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
    assertThat(Files.readString(dir.resolve("conformance.json"))).contains("\"conforming\": true")
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
    assertThat(passing.out()).contains("UNEXPECTED PASS " + id).contains("--write-expected-failures")
        .contains("--test '" + id + "' --seed 3 --expected-failures");

    Result reported = run("--testee", mutant("wrong-sort-order"), "--test", id, "--seed", "3",
        "--expected-failures", list.toString(), "--report-dir", dir.toString());
    assertThat(reported.exit()).as(reported.out()).isZero();
    assertThat(Files.readString(dir.resolve("conformance-junit.xml"))).contains("expected failure (sorts config the wrong way)");

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

  /**
   * A JSON-lines testee in sh that implements no operation: it answers hello (before reading it, so
   * that it answers in binary mode too) and exits on Shutdown.
   */
  private static final String NOTHING_TESTEE = "echo '{\"body\":{\"dev.ibridge.protocol.HelloReply\":"
      + "{\"harnessVersion\":1,\"name\":\"nothing\",\"version\":\"0\",\"operations\":[],\"facets\":[]}}}';"
      + " while read -r line; do case $line in *Shutdown*) exit 0;; esac; done";

  @Test
  void everyFileOptionIsCheckedBeforeTheRunAndExitsTwoNamingTheFile() throws IOException {
    Path regular = Files.writeString(dir.resolve("regular"), "x");
    Path binary = Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xc3, 0x01, (byte) 0xff, 0});
    Path wrongJson = Files.writeString(dir.resolve("wrong.json"), "{\"format\": \"something else\"}");
    List<List<String>> cases = List.of(
        List.of("--expected-failures", "/nonexistent"),
        List.of("--expected-failures", dir.toString()),
        List.of("--expected-failures", binary.toString()),
        List.of("--report-dir", "/proc/nope"),
        List.of("--report-dir", regular.toString()),
        List.of("--write-expected-failures", regular.resolve("list.txt").toString()),
        List.of("--write-expected-failures", "/nonexistent/list.txt"),
        List.of("--replay", dir.resolve("missing.json").toString()),
        List.of("--replay", binary.toString()),
        List.of("--replay", wrongJson.toString()),
        List.of("--export-failures", regular.toString()));
    for (List<String> c : cases) {
      Result r = run(c.get(0), c.get(1), "--test", "Required.REQ-KEY-004.ConfigSortedByName", "--seed", "1");
      assertThat(r.exit()).as(c + ": " + r.err()).isEqualTo(2);
      String file = c.get(1).equals(regular.resolve("list.txt").toString()) ? c.get(1) : c.get(1);
      assertThat(r.err()).as(c.toString()).startsWith("ibridge: " + file + ": ").doesNotContain("Exception")
          .doesNotContain("conformance: KEY");
      assertThat(r.err().strip().lines()).as(c.toString()).hasSize(1);
      assertThat(r.out()).as(c.toString()).isEmpty();
    }
  }

  @Test
  void aRequiredCheckSkippedForAMissingOperationMakesTheRunNotConforming() throws IOException {
    String id = "Required.REQ-KEY-004.ConfigSortedByName";
    Result r = run("--testee", NOTHING_TESTEE, "--jsonl", "--test", id, "--seed", "1", "--report-dir", dir.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("UNSUPPORTED " + id)
        .contains("NOT CONFORMING: 1 REQUIRED checks did not run because the testee does not implement derive-key")
        .contains("--profile");
    assertThat(Files.readString(dir.resolve("conformance.json"))).contains("\"conforming\": false")
        .contains("\"requiredUnsupported\": 1");
    assertThat(Files.readString(dir.resolve("conformance-junit.xml"))).contains("failures=\"1\"")
        .contains("not run: the testee does not implement derive-key");

    Result partial = run("--testee", NOTHING_TESTEE, "--jsonl", "--test", id, "--seed", "1", "--profile", "none");
    assertThat(partial.exit()).as(partial.out() + partial.err()).isZero();
    assertThat(partial.out()).contains("SKIPPED " + id).contains("outside the claimed profile: needs derive-key")
        .contains("profile: none");
    Result claimed = run("--testee", NOTHING_TESTEE, "--jsonl", "--test", id, "--seed", "1", "--profile", "derive-key");
    assertThat(claimed.exit()).as(claimed.out() + claimed.err()).isEqualTo(1);
    assertThat(run("--profile", "derive-key,teleport").err()).contains("'teleport', which is no operation");
  }

  @Test
  void aHarnessErrorStillWritesBothReportsAndPrintsTheStderrOnce() throws IOException {
    Path reports = dir.resolve("reports");
    Result r = run("--testee", "/nonexistent/x", "--report-dir", reports.toString(), "--timeout", "5");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("did not answer hello");
    assertThat(r.err().split("nonexistent/x: ", -1)).as(r.err()).hasSize(2);
    assertThat(Files.readString(reports.resolve("conformance.json"))).contains("\"conforming\": false")
        .contains("\"harnessError\": \"the testee did not answer hello");
    String junit = Files.readString(reports.resolve("conformance-junit.xml"));
    assertThat(junit).contains("errors=\"1\"").contains("<error message=\"the testee did not answer hello");
    assertThat(junit.split("<error ", -1)).hasSize(2);
  }

  @Test
  void reportLinksUseTheSpecUrl() throws IOException {
    Result r = run("--test", "Required.REQ-KEY-003*", "--seed", "1", "--report-dir", dir.toString(),
        "--spec-url", "https://example.org/ibridge/spec.html");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("conformance.json")))
        .contains("\"https://example.org/ibridge/spec.html#REQ-KEY-003\"");
  }

  @Test
  void theFirstReplyByteShowsTheOtherFraming() {
    Result jsonTesteeInBinary = run("--testee", NOTHING_TESTEE, "--test", "Required.REQ-KEY-004*", "--timeout", "5");
    assertThat(jsonTesteeInBinary.exit()).isEqualTo(2);
    assertThat(jsonTesteeInBinary.err()).contains("this looks like JSON lines: add --jsonl");
    Result silent = run("--testee", "cat >/dev/null", "--test", "Required.REQ-KEY-004*", "--start-timeout", "2");
    assertThat(silent.exit()).isEqualTo(2);
    assertThat(silent.err()).contains("within 2000 ms").contains("if the testee speaks JSON lines, add --jsonl");
    String binaryTestee = TesteeMain.javaCommand().stream().map(ConformanceCommand::shellQuote).collect(Collectors.joining(" "));
    Result binaryInJsonl = run("--testee", binaryTestee, "--jsonl", "--test", "Required.REQ-KEY-004*", "--timeout", "5");
    assertThat(binaryInJsonl.exit()).isEqualTo(2);
    assertThat(binaryInJsonl.err()).contains("this looks like binary frames: drop --jsonl");
  }

  @Test
  void listsTheChecksAsJson() {
    Result r = run("--list", "--json");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("[\n  {\n    \"id\": \"").contains("\"operations\": [")
        .contains("\"Required.REQ-KEY-003.SingleBlockArrays\"").endsWith("]\n");
    assertThat(run("--json").exit()).isEqualTo(2);
  }
}

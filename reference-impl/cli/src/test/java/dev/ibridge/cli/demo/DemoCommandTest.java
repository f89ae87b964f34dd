package dev.ibridge.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return Arrays.asList(out.split("\n"));
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new DemoCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  @Tag("REQ-ACT-005")
  @Tag("REQ-ACT-008")
  void allScenariosPassWithOneVerdictLineEach() {
    Result r = run("--store", dir.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    List<String> verdicts = r.lines().stream().filter(l -> l.startsWith("PASS ") || l.startsWith("FAIL ")).toList();
    assertThat(verdicts).hasSize(5).allMatch(l -> l.startsWith("PASS scenario "));
    assertThat(r.lines().subList(r.lines().size() - 5, r.lines().size())).isEqualTo(verdicts);
    assertThat(r.out()).contains("build -p parser").contains("clippy").contains("edit util/src/lib.rs");
    for (int n = 1; n <= 5; n++) {
      assertThat(dir.resolve("scenario-" + n)).isDirectory();
    }
  }

  @Test
  void aStoreThatIsNotFreshIsRefused() throws IOException {
    Files.createDirectories(dir.resolve("scenario-2"));
    Files.writeString(dir.resolve("scenario-2/leftover"), "x");
    Result r = run("--store", dir.toString(), "--scenario", "2");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("scenario-2 is not empty");
  }

  @Test
  void temporaryStoresAreRemoved() {
    Result r = run("--scenario", "4");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    String header = r.lines().get(0);
    Path root = Path.of(header.substring(header.indexOf("stores under ") + "stores under ".length()).trim());
    assertThat(root).doesNotExist();
    assertThat(r.lines()).filteredOn(l -> l.startsWith("PASS ")).hasSize(1);
  }

  @Test
  void anUnknownScenarioIsAUsageError() {
    Result r = run("--scenario", "6");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--scenario must be 1 to 5");
  }
}

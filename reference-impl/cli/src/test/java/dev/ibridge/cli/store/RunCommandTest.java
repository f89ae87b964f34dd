package dev.ibridge.cli.store;

import static dev.ibridge.cli.store.StoreCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.activity.ActivityRunner;
import dev.ibridge.activity.SampleWorkspace;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.Workspace;
import dev.ibridge.activity.WorkspaceJson;
import dev.ibridge.cli.store.StoreCommandTest.Run;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code ibridge run}: the reference emitter over a workspace file, through a store. */
class RunCommandTest {
  @TempDir Path dir;

  private final Workspace sample = SampleWorkspace.load();
  private final ActivityRunner runner = ActivityRunner.reference();
  private Path workspace;
  private Path store;

  @BeforeEach
  void writeWorkspace() throws IOException {
    workspace = Files.writeString(dir.resolve("ws.json"), WorkspaceJson.write(sample));
    store = dir.resolve("store");
  }

  private static Run ibridgeRun(String... args) {
    return run(new RunCommand(), args);
  }

  private int nodes(String activity, Selection selection) {
    return runner.nodes(sample, runner.catalog().activity(activity), selection).size();
  }

  @Test
  void helpDocumentsEveryOptionAndAnExample() {
    CommandLine cl = new CommandLine(new RunCommand());
    String help = cl.getUsageMessage();
    assertThat(help).contains("Usage: run", "Examples:", "ibridge run --workspace");
    for (OptionSpec option : cl.getCommandSpec().options()) {
      assertThat(help).as("help documents %s", option.longestName()).contains(option.longestName());
    }
  }

  @Test
  void aSecondRunIsANoOpThatHitsEveryNode() {
    int nodes = nodes("check", Selection.all());
    Run first = ibridgeRun("--workspace", workspace.toString(), "--activity", "check", "--store", store.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.stderr()).isEmpty();
    assertThat(first.stdout()).isEqualTo(String.format(
        "check on %d units: %d nodes, 0 hits, %d computed; ", sample.units().size(), nodes, nodes)
        + first.stdout().substring(first.stdout().indexOf("; ") + 2));

    Run second = ibridgeRun("--workspace", workspace.toString(), "--activity", "check", "--store", store.toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.stdout()).isEqualTo(String.format(
        "check on %d units: %d nodes, %d hits, 0 computed; 0 B written, 0 B deduplicated%n",
        sample.units().size(), nodes, nodes));
  }

  @Test
  void packagesLimitTheRunLikeCargoDashP() throws IOException {
    String unit = sample.units().get(sample.units().size() - 1).name();
    Run r = ibridgeRun("--workspace", workspace.toString(), "--activity", "build", "-p", unit,
        "--store", store.toString(), "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.stdout());
    assertThat(json.get("command").asText()).isEqualTo("build -p " + unit);
    assertThat(json.get("nodes").asInt()).isEqualTo(nodes("build", Selection.packages(unit)))
        .isLessThan(nodes("build", Selection.all()));
    assertThat(json.get("computed").asInt()).isEqualTo(json.get("nodes").asInt());
    assertThat(json.has("timing")).isFalse();
  }

  @Test
  void timingReportsTheActivityTheCommandAndTheProcess() throws IOException {
    Run text = ibridgeRun("--workspace", workspace.toString(), "--activity", "doc", "--store", store.toString(),
        "--timing");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.stdout().lines().toList()).hasSize(2);
    assertThat(text.stdout().lines().toList().get(1))
        .matches("timing: activity \\d+\\.\\d ms, command \\d+\\.\\d ms, since process start \\d+ ms");

    Run json = ibridgeRun("--workspace", workspace.toString(), "--activity", "doc", "--store", store.toString(),
        "--timing", "--json");
    JsonNode timing = new ObjectMapper().readTree(json.stdout()).get("timing");
    double activity = timing.get("activityMillis").asDouble();
    double command = timing.get("commandMillis").asDouble();
    assertThat(activity).isPositive();
    assertThat(command).isGreaterThanOrEqualTo(activity);
    assertThat(timing.get("sinceProcessStartMillis").asDouble()).isGreaterThanOrEqualTo(command);
  }

  @Test
  void theRunLeavesAStoreThatVerifies() throws IOException {
    ibridgeRun("--workspace", workspace.toString(), "--activity", "build", "--store", store.toString());
    try (Store s = Store.openExisting(store)) {
      assertThat(s.verify().problems()).isEmpty();
      assertThat(s.list(java.util.Optional.empty())).hasSize(nodes("build", Selection.all()));
    }
  }

  @Test
  void anUnknownActivityIsAUsageErrorAndCreatesNoStore() {
    Run r = ibridgeRun("--workspace", workspace.toString(), "--activity", "lint", "--store", store.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("ibridge: run: unknown activity \"lint\"").hasLineCount(1);
    assertThat(store).doesNotExist();
  }

  @Test
  void anUnknownPackageIsAUsageError() {
    Run r = ibridgeRun("--workspace", workspace.toString(), "--activity", "check", "-p", "nope",
        "--store", store.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("-p nope").hasLineCount(1);
    assertThat(store).doesNotExist();
  }

  @Test
  void aWorkspaceThatIsNotJsonIsNamedInTheError() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"units\": [");
    Run r = ibridgeRun("--workspace", bad.toString(), "--activity", "check", "--store", store.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("ibridge: " + bad + ": ").hasLineCount(1);
    assertThat(store).doesNotExist();
  }

  @Test
  void aMissingWorkspaceIsAnInputError() {
    Path missing = dir.resolve("missing.json");
    Run r = ibridgeRun("--workspace", missing.toString(), "--activity", "check", "--store", store.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("ibridge: " + missing + ": ").hasLineCount(1);
  }
}

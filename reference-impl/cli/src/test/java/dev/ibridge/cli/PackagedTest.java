package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user outside the checkout gets: the shaded jar copied anywhere, the launcher through a
 * symbolic link, and the GitHub Action's script. Runs after {@code package} (tag "packaged").
 */
@Tag("packaged")
class PackagedTest {
  private static final Path ROOT = Path.of(System.getProperty("ibridge.root")).toAbsolutePath().normalize();
  private static final Path JAR = Path.of(System.getProperty("ibridge.jar")).toAbsolutePath();

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private Run run(Path cwd, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not end within 300 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void theJarCopiedAnywhereRunsEveryCommandItNeedsNoCheckoutFor() throws Exception {
    Path copy = Files.copy(JAR, Files.createDirectories(dir.resolve("elsewhere")).resolve("ibridge.jar"));
    Path cwd = Files.createDirectories(dir.resolve("cwd"));
    Run version = run(cwd, Map.of(), List.of(java(), "-jar", copy.toString(), "--version"));
    assertThat(version.exit()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("ibridge ").contains("protocol");
    Path material = Files.copy(ROOT.resolve("examples/key-material.json"), cwd.resolve("key-material.json"));
    Run key = run(cwd, Map.of(), List.of(java(), "-jar", copy.toString(), "key", material.toString()));
    assertThat(key.exit()).as(key.err()).isZero();
    assertThat(key.out()).matches("sha256:[0-9a-f]{64}\n");
    Run suite = run(cwd, Map.of(), List.of(java(), "-jar", copy.toString(), "conformance", "--test", "Required.REQ-KEY-003*",
        "--seed", "1"));
    assertThat(suite.exit()).as(suite.out() + suite.err()).isZero();
    Run demo = run(cwd, Map.of(), List.of(java(), "-jar", copy.toString(), "demo", "--scenario", "1"));
    assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
  }

  /** A checkout with the launcher and a jar, and a fake mvn on PATH that puts the real jar in place. */
  private Path checkout(Path root, boolean withJar) throws IOException {
    Files.createDirectories(root.resolve("reference-impl/cli/target"));
    Files.copy(ROOT.resolve("ibridge"), root.resolve("ibridge"));
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    if (withJar) {
      Files.copy(JAR, root.resolve("reference-impl/cli/target/ibridge.jar"));
    }
    Path bin = Files.createDirectories(dir.resolve("fake-bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho \"$@\" >> '" + dir.resolve("mvn-calls") + "'\ncp '" + JAR + "' '"
        + root.resolve("reference-impl/cli/target/ibridge.jar") + "'\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    return root;
  }

  private Map<String, String> fakeMavenPath() {
    return Map.of("PATH", dir.resolve("fake-bin") + ":" + System.getenv("PATH"));
  }

  @Test
  void theLauncherWorksThroughASymlinkAndSaysWhyItBuilds() throws Exception {
    Path root = checkout(dir.resolve("checkout"), true);
    Path jar = root.resolve("reference-impl/cli/target/ibridge.jar");
    Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(3600)));
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    Path bin = Files.createDirectories(dir.resolve("home/bin"));
    Path link = Files.createSymbolicLink(bin.resolve("ibridge"), root.resolve("ibridge"));
    Path chained = Files.createSymbolicLink(dir.resolve("home/ib"), Path.of("bin/ibridge"));
    Path cwd = Files.createDirectories(dir.resolve("somewhere"));
    for (Path launcher : List.of(link, chained)) {
      Run r = run(cwd, fakeMavenPath(), List.of("sh", launcher.toString(), "--version"));
      assertThat(r.exit()).as(launcher + ": " + r.err()).isZero();
      assertThat(r.out()).startsWith("ibridge ");
      assertThat(r.err()).as("a fresh jar is not rebuilt").isEmpty();
    }
    assertThat(dir.resolve("mvn-calls")).doesNotExist();

    Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now()));
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    Run rebuilt = run(cwd, fakeMavenPath(), List.of(link.toString(), "--version"));
    assertThat(rebuilt.exit()).as(rebuilt.err()).isZero();
    assertThat(rebuilt.err()).isEqualTo("rebuilding ibridge (sources changed since the last build)...\n");
    assertThat(Files.readString(dir.resolve("mvn-calls"))).contains("-f " + root + "/pom.xml");

    Files.delete(jar);
    Run first = run(cwd, fakeMavenPath(), List.of(link.toString(), "--version"));
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).isEqualTo("building ibridge (first run)...\n");
  }

  @Test
  void theActionScriptRunsTheSuiteWritesReportsSummaryAndOutput() throws Exception {
    Path work = Files.createDirectories(dir.resolve("workspace"));
    Path summary = work.resolve("summary.md");
    Path output = work.resolve("output.txt");
    String reference = java() + " -cp " + JAR + " dev.ibridge.conformance.harness.TesteeMain";
    Map<String, String> env = Map.of("IBRIDGE_JAR", JAR.toString(), "IBRIDGE_TESTEE", reference + " --jsonl",
        "IBRIDGE_ARGS", "--jsonl --test Required.REQ-KEY-00* --seed 1", "IBRIDGE_REPORT_DIR", "reports",
        "GITHUB_STEP_SUMMARY", summary.toString(), "GITHUB_OUTPUT", output.toString());
    Run r = run(work, env, List.of(ROOT.resolve("action/conformance.sh").toString()));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("[1-9][0-9]* passed, 0 failed");
    assertThat(Files.readString(work.resolve("reports/conformance.json"))).contains("\"conforming\": true");
    assertThat(work.resolve("reports/conformance-junit.xml")).exists();
    assertThat(Files.readString(summary)).contains("### ibridge conformance: conforming").contains("passed, 0 failed");
    assertThat(Files.readString(output)).isEqualTo("exit-code=0\n");

    Map<String, String> broken = Map.of("IBRIDGE_JAR", JAR.toString(), "IBRIDGE_TESTEE", reference + " --mutant wrong-sort-order",
        "IBRIDGE_ARGS", "--test Required.REQ-KEY-004.ConfigSortedByName --seed 1", "IBRIDGE_REPORT_DIR", "broken",
        "GITHUB_OUTPUT", output.toString());
    Run failing = run(work, broken, List.of(ROOT.resolve("action/conformance.sh").toString()));
    assertThat(failing.exit()).as(failing.out() + failing.err()).isEqualTo(1);
    assertThat(Files.readString(work.resolve("broken/conformance-junit.xml"))).contains("failures=\"1\"");
    assertThat(Files.readString(output, StandardCharsets.UTF_8)).endsWith("exit-code=1\n");
  }
}

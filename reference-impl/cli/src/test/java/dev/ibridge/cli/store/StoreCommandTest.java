package dev.ibridge.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.json.JsonForm;
import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The store commands, run in process: each prints what the core answers and maps it to an exit code. */
class StoreCommandTest {
  @TempDir Path dir;

  record Run(int exitCode, String stdout, String stderr) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run store(String... args) {
    return run(new StoreCommand(), args);
  }

  static final Subject CORE = Subject.of(new Unit("core 0.1.0", "core", "lib", "x86_64-unknown-linux-gnu"));

  static KeyMaterial material(String source, String optLevel) {
    byte[] src = source.getBytes(StandardCharsets.UTF_8);
    return KeyMaterial.canonical(CORE, Facet.ANALYSIS, new Toolchain("rustc", "1.95.0"),
        List.of(new ConfigEntry("profile.opt-level", optLevel)),
        List.<DirectInput>of(new FileInput("src/lib.rs", Keys.blobDigest(src), src.length)), List.of());
  }

  static Record record(KeyMaterial km, byte[] blob) {
    List<Output> outputs = List.of(new Output("lib.rmeta", new BlobRef(Keys.blobDigest(blob), blob.length), true));
    return new Record(new Producer("check", "cargo", "1.95.0"), Keys.inputKey(km), km, outputs,
        Keys.outputFingerprint(outputs));
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  @Tag("REQ-STORE-002")
  void initCreatesAStoreAndOtherCommandsRefuseAMissingOne() {
    String s = dir.resolve("s").toString();
    Run missing = store("ls", "--store", s);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr()).startsWith("ibridge: " + s + ": no ibridge store here").hasLineCount(1);
    assertThat(dir.resolve("s")).doesNotExist();
    Run init = store("init", "--store", s);
    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.stdout()).contains("protocol 1.0, sha256");
    assertThat(store("ls", "--store", s).stdout()).contains("0 records");
  }

  @Test
  @Tag("REQ-STORE-011")
  @Tag("REQ-STORE-030")
  void emitRequestShowExplainAndStatsPrintWhatTheStoreAnswers() throws IOException {
    String s = dir.resolve("s").toString();
    store("init", "--store", s);
    KeyMaterial km = material("fn a() {}", "0");
    byte[] blob = "rmeta bytes".getBytes(StandardCharsets.UTF_8);
    Record r = record(km, blob);
    Path recordFile = write("record.json", JsonForm.RECORD.render(r));
    Path blobFile = Files.write(dir.resolve("lib.rmeta"), blob);
    Path kmFile = write("km.json", JsonForm.KEY_MATERIAL.render(km));

    Run miss = store("request", "--store", s, kmFile.toString());
    assertThat(miss.exitCode()).isEqualTo(1);
    assertThat(miss.stdout()).startsWith("miss " + r.inputKey());

    Run emit = store("emit", "--store", s, recordFile.toString(), "--blob", blobFile.toString());
    assertThat(emit.exitCode()).as(emit.toString()).isZero();
    assertThat(emit.stdout()).startsWith("CREATED " + r.inputKey()).contains(blob.length + " blob bytes written");
    assertThat(store("emit", "--store", s, recordFile.toString()).stdout()).startsWith("ALREADY_PRESENT");

    Path conflicting = write("conflict.json", JsonForm.RECORD.render(record(km, "other".getBytes(StandardCharsets.UTF_8))));
    Run conflict = store("emit", "--store", s, conflicting.toString(), "--blob", write("other", "other").toString());
    assertThat(conflict.exitCode()).isEqualTo(1);
    assertThat(conflict.stdout()).startsWith("CONFLICT");

    Run hit = store("request", "--store", s, "--json", kmFile.toString());
    assertThat(hit.exitCode()).isZero();
    JsonNode hitJson = new ObjectMapper().readTree(hit.stdout());
    assertThat(hitJson.get("outcome").asText()).isEqualTo("HIT");
    assertThat(JsonForm.RECORD.fromTree(hitJson.get("record"))).isEqualTo(r);

    Run ls = store("ls", "--store", s);
    assertThat(ls.stdout()).contains("analysis", r.inputKey().hex().substring(0, 12), "check/cargo", "1 records");
    JsonNode lsJson = new ObjectMapper().readTree(store("ls", "--store", s, "--json").stdout());
    assertThat(lsJson.get("records").get(0).get("inputKey").asText()).isEqualTo(r.inputKey().toString());
    assertThat(lsJson.get("records").get(0).get("head").asBoolean()).isTrue();

    Run show = store("show", "--store", s, "--json", r.inputKey().hex());
    assertThat(JsonForm.RECORD.parse(show.stdout())).isEqualTo(r);
    assertThat(store("show", "--store", s, r.inputKey().toString()).stdout()).contains("lib.rmeta", "yes");
    assertThat(store("show", "--store", s, Keys.blobDigest(new byte[1]).toString()).exitCode()).isEqualTo(1);

    Path changed = write("km2.json", JsonForm.KEY_MATERIAL.render(material("fn a() {}", "3")));
    Run explain = store("explain", "--store", s, changed.toString());
    assertThat(explain.stdout()).startsWith("dirty: analysis").contains("config entry `profile.opt-level` changed: 0 -> 3");
    JsonNode explainJson = new ObjectMapper().readTree(store("explain", "--store", s, "--json", changed.toString()).stdout());
    assertThat(explainJson.get("differences").get(0).get("entry").asText()).isEqualTo("profile.opt-level");

    JsonNode stats = new ObjectMapper().readTree(store("stats", "--store", s, "--json").stdout());
    assertThat(stats.get("records").asLong()).isEqualTo(1);
    assertThat(stats.get("blobs").asLong()).isEqualTo(1);
    assertThat(store("stats", "--store", s).stdout()).contains("records", "dedup saved");
  }

  @Test
  void verifyExitsOneWhenItFindsAProblemAndTheTopLevelAliasAgrees() throws IOException {
    String s = dir.resolve("s").toString();
    store("init", "--store", s);
    KeyMaterial km = material("x", "0");
    byte[] blob = "genuine".getBytes(StandardCharsets.UTF_8);
    Record r = record(km, blob);
    store("emit", "--store", s, write("r.json", JsonForm.RECORD.render(r)).toString(),
        "--blob", Files.write(dir.resolve("b"), blob).toString());
    assertThat(store("verify", "--store", s).exitCode()).isZero();
    assertThat(run(new VerifyStoreCommand(), s).exitCode()).isZero();

    Digest d = Keys.blobDigest(blob);
    Files.writeString(Path.of(s, "blobs", "sha256", d.hex().substring(0, 2), d.hex()), "GENUINE");
    Run verify = store("verify", "--store", s);
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.stdout()).contains("BAD_BLOB", "blobs/sha256/" + d.hex().substring(0, 2));
    Run alias = run(new VerifyStoreCommand(), "--json", s);
    assertThat(alias.exitCode()).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(alias.stdout()).get("ok").asBoolean()).isFalse();
  }

  @Test
  void verifyOfAStoreWhoseHeaderIsGarbageIsAFindingExitOneWhileOtherCommandsRefuseTheStore() throws IOException {
    String s = dir.resolve("s").toString();
    store("init", "--store", s);
    Files.writeString(Path.of(s, "STORE"), "garbage, not a Cap'n Proto store header");
    Run verify = store("verify", "--store", s);
    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
    assertThat(verify.stdout()).contains("BAD_HEADER", "is not an ibridge store header", "1 problems");
    Run alias = run(new VerifyStoreCommand(), "--json", s);
    assertThat(alias.exitCode()).as(alias.toString()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(alias.stdout());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("problems").get(0).get("kind").asText()).isEqualTo("BAD_HEADER");
    assertThat(run(new VerifyStoreCommand(), s).exitCode()).isEqualTo(1);
    Run stats = store("stats", "--store", s);
    assertThat(stats.exitCode()).as("a store that cannot be opened is unusable input to every other command")
        .isEqualTo(2);
    assertThat(stats.stderr().lines()).singleElement().asString().contains("is not an ibridge store header");
    assertThat(store("verify", "--store", dir.resolve("none").toString()).exitCode())
        .as("no store at all is still input that could not be read").isEqualTo(2);
  }

  @Test
  void gcTakesExactlyOnePolicyAndReportsWhatItRemoved() throws IOException {
    String s = dir.resolve("s").toString();
    store("init", "--store", s);
    Files.writeString(Path.of(s, "tmp", "st-left-over.tmp"), "partial");
    assertThat(store("gc", "--store", s).exitCode()).isEqualTo(2);
    assertThat(store("gc", "--store", s, "--keep-sessions", "1", "--max-bytes", "5").exitCode()).isEqualTo(2);
    Run gc = store("gc", "--store", s, "--keep-sessions", "1");
    assertThat(gc.exitCode()).as(gc.toString()).isZero();
    assertThat(gc.stdout()).startsWith("kept 0 sessions; removed 0 sessions");
    try (Stream<Path> staging = Files.list(Path.of(s, "tmp"))) {
      assertThat(staging).isEmpty();
    }
    JsonNode json = new ObjectMapper().readTree(store("gc", "--store", s, "--max-bytes", "0", "--json").stdout());
    assertThat(json.get("bytesRemaining").asLong()).isZero();
    for (String size : new String[] {"10K", "1.5M", "2GiB", "7b"}) {
      Run sized = store("gc", "--store", s, "--max-bytes", size);
      assertThat(sized.exitCode()).as(size + ": " + sized).isZero();
    }
  }

  @Test
  void aBudgetOnAStoreWithoutJournalsIsRefusedAndRemovesNothing() throws IOException {
    String s = dir.resolve("s").toString();
    store("init", "--store", s);
    byte[] blob = "kept".getBytes(StandardCharsets.UTF_8);
    Record r = record(material("x", "0"), blob);
    store("emit", "--store", s, write("r.json", JsonForm.RECORD.render(r)).toString(),
        "--blob", Files.write(dir.resolve("b"), blob).toString());
    try (Stream<Path> journals = Files.list(Path.of(s, "journal"))) {
      for (Path j : journals.toList()) {
        Files.delete(j);
      }
    }
    Run gc = store("gc", "--store", s, "--max-bytes", "0");
    assertThat(gc.exitCode()).as(gc.toString()).isEqualTo(2);
    assertThat(gc.stderr()).contains("no journals", "cargo ibridge gc").hasLineCount(1);
    JsonNode stats = new ObjectMapper().readTree(store("stats", "--store", s, "--json").stdout());
    assertThat(stats.get("records").asLong()).isEqualTo(1);
  }

  @Test
  @Tag("REQ-STORE-002")
  void aRefusedStoreIsOneLineOnStderrAndExitTwo() throws IOException {
    Path s = Files.createDirectories(dir.resolve("s"));
    Files.write(s.resolve("STORE"), new byte[] {1, 2, 3});
    Run run = store("stats", "--store", s.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("is not an ibridge store header").hasLineCount(1);
    store("init", "--store", dir.resolve("t").toString());
    Path bad = write("bad.json", "{");
    Run badJson = store("request", "--store", dir.resolve("t").toString(), bad.toString());
    assertThat(badJson.exitCode()).isEqualTo(2);
    assertThat(badJson.stderr()).startsWith("ibridge: " + bad + ": not valid").hasLineCount(1);
  }
}

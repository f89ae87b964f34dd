package dev.ibridge.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.SessionEnded;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonFormTest {
  private static final int CASES = 200;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void renderThenParseIsIdentityForRandomValues() throws DecodeException {
    long seed = RandomModel.seed();
    RandomModel gen = new RandomModel(seed);
    for (int i = 0; i < CASES; i++) {
      Record record = gen.record();
      KeyMaterial km = gen.keyMaterial();
      StoreHeader header = gen.storeHeader();
      String context = replay(seed, i);
      assertRoundTrip(JsonForm.RECORD, record, context);
      assertRoundTrip(JsonForm.KEY_MATERIAL, km, context);
      assertRoundTrip(JsonForm.STORE_HEADER, header, context);
      assertRoundTrip(JsonForm.OUTPUT_MANIFEST, gen.outputManifest(), context);
      assertRoundTrip(JsonForm.JOURNAL_EVENT, gen.journalEvent(), context);
    }
  }

  private static <T> void assertRoundTrip(JsonForm<T> form, T value, String context)
      throws DecodeException {
    String text = form.render(value);
    assertThat(form.parse(text)).as(context).isEqualTo(value);
    assertThat(form.render(form.parse(text))).as(context).isEqualTo(text);
    assertThat(text).as(context).endsWith("}\n").doesNotContain("\r").doesNotContain("\t");
  }

  private static String replay(long seed, int i) {
    return "case " + i + " of seed " + seed + "; replay: mvn -o -q -pl reference-impl/core -am test"
        + " -Dtest=JsonFormTest -Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=" + seed;
  }

  /** The layout is part of the JSON form's definition: two spaces, ": ", schema order, newline. */
  @Test
  void storeHeaderLayout() {
    StoreHeader h = new StoreHeader(1, 0, DigestAlgorithm.SHA256, "ibridge 0.1");
    assertThat(JsonForm.STORE_HEADER.render(h))
        .isEqualTo(
            """
            {
              "protocolMajor": 1,
              "protocolMinor": 0,
              "digestAlgorithm": "sha256",
              "createdBy": "ibridge 0.1"
            }
            """);
  }

  @Test
  void directInputsAndEmptyListsLayout() {
    Digest d = Digest.sha256(Bytes.wrap(new byte[32]));
    List<DirectInput> inputs =
        List.of(new FileInput("src/lib.rs", d, 12), EnvInput.unset("RUSTFLAGS"), new EnvInput("TERM", "xterm"));
    KeyMaterial km =
        KeyMaterial.canonical(
            Subject.of(new Unit("p 0.1.0", "p", "lib", "x86_64-unknown-linux-gnu")),
            Facet.ANALYSIS,
            new Toolchain("rustc", "1.95.0"),
            List.of(),
            inputs,
            List.of());
    String text = JsonForm.KEY_MATERIAL.render(km);
    String zeros = "sha256:" + "0".repeat(64);
    assertThat(text)
        .contains("\"config\": [],\n")
        .contains("\"reads\": []\n")
        .contains(
            """
                {
                  "file": {
                    "path": "src/lib.rs",
                    "digest": "%s",
                    "size": 12
                  }
                },
                {
                  "env": {
                    "name": "RUSTFLAGS",
                    "value": null
                  }
                },
            """
                .formatted(zeros));
    assertThat(text.indexOf("\"protocolMajor\"")).isLessThan(text.indexOf("\"subject\""));
    assertThat(text.indexOf("\"toolchain\"")).isLessThan(text.indexOf("\"config\""));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        bad("field of the wrong JSON type", "$.keyMaterial.protocolMajor",
            r -> obj(r, "keyMaterial").put("protocolMajor", "1")),
        bad("fractional size", "$.keyMaterial.inputs[0].file.size",
            r -> file(r).put("size", 1.5)),
        bad("size beyond a signed 64-bit integer", "$.keyMaterial.inputs[0].file.size",
            r -> file(r).put("size", BigInteger.ONE.shiftLeft(64))),
        bad("negative size", "$.keyMaterial.inputs[0].file",
            r -> file(r).put("size", -1)),
        bad("unknown field", "$.producer", r -> obj(r, "producer").put("colour", "red")),
        bad("missing field", "$.keyMaterial.subject.unit",
            r -> obj(obj(obj(r, "keyMaterial"), "subject"), "unit").remove("targetKind")),
        bad("short digest", "$.inputKey", r -> r.put("inputKey", "sha256:abcd")),
        bad("upper-case digest", "$.outputFingerprint",
            r -> r.put("outputFingerprint", "sha256:" + "AB".repeat(32))),
        bad("unknown digest algorithm", "$.outputFingerprint",
            r -> r.put("outputFingerprint", "md5:" + "ab".repeat(16))),
        bad("invalid facet name", "$.keyMaterial.facet",
            r -> obj(r, "keyMaterial").put("facet", "../etc")),
        bad("direct input with two kinds", "$.keyMaterial.inputs[0]",
            r -> ((ObjectNode) obj(r, "keyMaterial").get("inputs").get(0)).set("env", NODES.objectNode())),
        bad("env value that is a number", "$.keyMaterial.inputs[1].env.value",
            r -> ((ObjectNode) obj(r, "keyMaterial").get("inputs").get(1).get("env")).put("value", 3)),
        bad("list out of canonical order", "$.keyMaterial",
            r -> ((ArrayNode) obj(r, "keyMaterial").get("config")).insert(0, ((ArrayNode) obj(r, "keyMaterial").get("config")).get(1).deepCopy())),
        bad("outputs that are not an array", "$.outputs", r -> r.put("outputs", "none")),
        bad("observable that is a string", "$.outputs[0].observable",
            r -> ((ObjectNode) r.get("outputs").get(0)).put("observable", "yes")),
        bad("NUL in text", "$.producer", r -> obj(r, "producer").put("tool", "a\u0000b")));
  }

  private static Arguments bad(String what, String path, Consumer<ObjectNode> mutation) {
    return Arguments.of(what, path, mutation);
  }

  private static ObjectNode obj(ObjectNode parent, String field) {
    return (ObjectNode) parent.get(field);
  }

  private static ObjectNode file(ObjectNode record) {
    return (ObjectNode) obj(record, "keyMaterial").get("inputs").get(0).get("file");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void invalidValuesNameTheirPath(String what, String path, Consumer<ObjectNode> mutation) {
    ObjectNode tree = JsonForm.RECORD.toTree(sampleRecord());
    mutation.accept(tree);
    String text = JsonForm.renderTree(tree);
    assertThatThrownBy(() -> JsonForm.RECORD.parse(text))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith(path + ": ");
  }

  static Stream<Arguments> syntaxErrors() {
    String valid = JsonForm.RECORD.render(sampleRecord());
    Function<String, String> cut = s -> s.substring(0, s.indexOf("\"facet\""));
    return Stream.of(
        Arguments.of("empty input", "", "$"),
        Arguments.of("truncated document", cut.apply(valid), "$.keyMaterial.subject"),
        Arguments.of("trailing garbage", valid + "x", "$"),
        Arguments.of("second value", valid + "{}", "$"),
        Arguments.of("duplicate field", "{\"producer\": {\"tool\": \"a\", \"tool\": \"b\"}}", "$.producer.tool"),
        Arguments.of("missing value in array", "{\"outputs\": [1, ]}", "$.outputs[1]"),
        Arguments.of("top-level array", "[]", "$"),
        Arguments.of("not JSON at all", "\u00c3\u0001\u00ff", "$"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntaxErrors")
  void malformedJsonIsADecodeExceptionWithAPath(String what, String text, String path) {
    assertThatThrownBy(() -> JsonForm.RECORD.parse(text))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith(path + ": ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void journalEventLayout() throws DecodeException {
    JournalEvent e =
        new JournalEvent(3, Instant.parse("2026-01-31T12:00:00.250Z"), new SessionEnded("s1", 4, 1, 2));
    String text = JsonForm.JOURNAL_EVENT.render(e);
    assertThat(text)
        .isEqualTo(
            """
            {
              "sequence": 3,
              "timestamp": "2026-01-31T12:00:00.250Z",
              "event": {
                "sessionEnded": {
                  "sessionId": "s1",
                  "hits": 4,
                  "misses": 1,
                  "emits": 2
                }
              }
            }
            """);
  }

  @Test
  void journalsAreArraysOfEvents() throws DecodeException {
    long seed = RandomModel.seed();
    RandomModel gen = new RandomModel(seed);
    List<JournalEvent> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(gen.journalEvent());
    }
    String text = JsonForm.renderJournal(events);
    assertThat(JsonForm.parseJournal(text.getBytes(StandardCharsets.UTF_8)))
        .as(replay(seed, 0)).isEqualTo(events);
    assertThat(text).startsWith("[\n  {\n    \"sequence\": ").endsWith("}\n]\n");
    assertThat(JsonForm.renderJournal(List.of())).isEqualTo("[]\n");
    assertThatThrownBy(() -> JsonForm.parseJournal("[{}]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("$[0]: missing field");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2026-01-31T12:00:00.250001Z", "2026-01-31 12:00", "yesterday", "2026-01-31T12:00:00+01:00"})
  void timestampsMustBeMillisecondInstants(String timestamp) {
    String text =
        "{\"sequence\": 0, \"timestamp\": \"" + timestamp + "\", \"event\": {\"sessionEnded\":"
            + " {\"sessionId\": \"s\", \"hits\": 0, \"misses\": 0, \"emits\": 0}}}";
    assertThatThrownBy(() -> JsonForm.JOURNAL_EVENT.parse(text))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("$.timestamp: ");
  }

  @Test
  void unknownEventKindNamesThePath() {
    String text = "{\"sequence\": 0, \"timestamp\": \"2026-01-31T12:00:00Z\", \"event\": {\"crashed\": {}}}";
    assertThatThrownBy(() -> JsonForm.JOURNAL_EVENT.parse(text))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("$.event: unknown field \"crashed\"");
  }

  @Test
  void syntaxErrorsCarryTheByteOffset() {
    DecodeException e =
        (DecodeException) catchThrowable(
            () -> JsonForm.STORE_HEADER.parse("{\"protocolMajor\": 1,,}"));
    assertThat(e.offset()).isEqualTo("{\"protocolMajor\": 1,".length());
  }

  @Test
  void everyFieldOfAValidTreeIsRequired() {
    ObjectNode full = JsonForm.RECORD.toTree(sampleRecord());
    List<String> paths = new ArrayList<>();
    collectFieldPaths(full, "$", paths);
    assertThat(paths).hasSizeGreaterThan(20);
    for (String path : paths) {
      ObjectNode tree = full.deepCopy();
      removeAt(tree, path);
      assertThatThrownBy(() -> JsonForm.RECORD.fromTree(tree))
          .as(path)
          .isInstanceOf(DecodeException.class)
          .hasMessageContaining("missing field");
    }
  }

  private static void collectFieldPaths(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      if (path.endsWith("]") && node.size() == 1) {
        // a direct input: the single field is the choice of kind, not a required field
        node.fields().forEachRemaining(f -> collectFieldPaths(f.getValue(), path + "." + f.getKey(), out));
        return;
      }
      node.fields().forEachRemaining(f -> {
        out.add(path + "." + f.getKey());
        collectFieldPaths(f.getValue(), path + "." + f.getKey(), out);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectFieldPaths(node.get(i), path + "[" + i + "]", out);
      }
    }
  }

  private static void removeAt(ObjectNode root, String path) {
    String parentPath = path.substring(0, path.lastIndexOf('.'));
    String field = path.substring(path.lastIndexOf('.') + 1);
    String pointer = parentPath.substring(1).replace(".", "/").replaceAll("\\[(\\d+)]", "/$1");
    ((ObjectNode) root.at(pointer)).remove(field);
  }

  static Record sampleRecord() {
    Digest d = Digest.sha256(Bytes.fromHex("ab".repeat(32)));
    KeyMaterial km =
        KeyMaterial.canonical(
            new Subject(new Unit("demo 0.1.0", "demo", "lib", "x86_64-unknown-linux-gnu"), "net::http"),
            Facet.ANALYSIS,
            new Toolchain("rustc", "1.95.0"),
            List.of(new ConfigEntry("profile.opt-level", "0"), new ConfigEntry("cfg.feature", "std")),
            List.of(new FileInput("src/lib.rs", d, 120), EnvInput.unset("RUSTFLAGS")),
            List.of(new Read(Subject.of(new Unit("dep 1.0.0", "dep", "lib", "x86_64-unknown-linux-gnu")), Facet.METADATA, d)));
    return new Record(
        new Producer("check", "cargo", "1.95.0"),
        d,
        km,
        Record.sortOutputs(List.of(
            new Output("lib.rmeta", new BlobRef(d, 4096), true),
            new Output("diagnostics.json", new BlobRef(d, 2), false))),
        d);
  }
}

package dev.ibridge.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.avro.AvroCodec;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.ObservableOutput;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Read;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Toolchain;
import dev.ibridge.model.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks the worked example of {@code spec/key-derivation.adoc} against the code: the values are
 * read from the example's JSON, and the bytes, fingerprint, key and subject digest from its
 * listings, so the chapter cannot drift from the implementation.
 */
class KeyDerivationSpecExampleTest {
  private static final Path CHAPTER =
      Path.of(System.getProperty("basedir", ".")).resolve("../../spec/key-derivation.adoc");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Tag("REQ-FP-001")
  @Tag("REQ-FP-002")
  void theOutputFingerprintExampleMatchesTheCode() throws IOException {
    List<String> chapter = Files.readAllLines(CHAPTER, StandardCharsets.UTF_8);
    OutputManifest manifest = manifest(JSON.readTree(block(chapter, "fp-example-json")));
    assertThat(Keys.canonicalBytes(manifest)).isEqualTo(hexDump(block(chapter, "fp-example-bytes")));
    Digest fingerprint = Digest.parse(block(chapter, "fp-example-fingerprint").strip());
    assertThat(Keys.outputFingerprint(List.of(
        new dev.ibridge.model.Output("lib.rmeta", new dev.ibridge.model.BlobRef(
            Keys.blobDigest("util metadata v1".getBytes(StandardCharsets.US_ASCII)), 16), true),
        new dev.ibridge.model.Output("build.log", new dev.ibridge.model.BlobRef(
            Keys.blobDigest("x".getBytes(StandardCharsets.US_ASCII)), 1), false))))
        .isEqualTo(fingerprint);
  }

  @Test
  @Tag("REQ-KEY-001")
  @Tag("REQ-KEY-002")
  @Tag("REQ-KEY-003")
  @Tag("REQ-FP-004")
  void theInputKeyExampleMatchesTheCode() throws IOException {
    List<String> chapter = Files.readAllLines(CHAPTER, StandardCharsets.UTF_8);
    KeyMaterial km = keyMaterial(JSON.readTree(block(chapter, "key-example-json")));
    byte[] bytes = hexDump(block(chapter, "key-example-bytes"));
    assertThat(Keys.canonicalBytes(km)).isEqualTo(bytes);
    assertThat(Keys.inputKey(km)).isEqualTo(Digest.parse(block(chapter, "key-example-key").strip()));
    assertThat(km.reads().get(0).outputFingerprint())
        .as("the read sees the fingerprint of the first example")
        .isEqualTo(Digest.parse(block(chapter, "fp-example-fingerprint").strip()));
    assertThat(((FileInput) km.inputs().get(0)).digest())
        .isEqualTo(Keys.blobDigest("pub fn answer() -> u32 { 42 }\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(Keys.subjectDigest(km.subject()))
        .isEqualTo(Digest.parse(block(chapter, "subject-example-digest").strip()));
    assertThat(AvroCodec.SUBJECT.encodeBinary(km.subject())).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1, 1 + 61));
  }

  /** The text between the {@code ----} fences of the block that follows anchor {@code [[id]]}. */
  static String block(List<String> lines, String id) {
    int i = lines.indexOf("[[" + id + "]]");
    assertThat(i).as("anchor [[%s]] in %s", id, CHAPTER).isNotNegative();
    while (!lines.get(i).equals("----")) {
      i++;
    }
    StringBuilder text = new StringBuilder();
    for (i++; !lines.get(i).equals("----"); i++) {
      text.append(lines.get(i)).append('\n');
    }
    return text.toString();
  }

  /** The bytes of an annotated dump: on each line, hex pairs before the {@code |}. */
  static byte[] hexDump(String dump) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : dump.split("\n")) {
      int bar = line.indexOf('|');
      assertThat(bar).as("dump line has a | before its comment: %s", line).isPositive();
      for (String pair : line.substring(0, bar).trim().split("\\s+")) {
        assertThat(pair).matches("[0-9a-f]{2}");
        out.write(Integer.parseInt(pair, 16));
      }
    }
    return out.toByteArray();
  }

  private static OutputManifest manifest(JsonNode j) {
    List<ObservableOutput> outputs = new ArrayList<>();
    for (JsonNode o : j.get("outputs")) {
      outputs.add(new ObservableOutput(o.get("name").asText(), Digest.parse(o.get("digest").asText()),
          o.get("size").asLong()));
    }
    return new OutputManifest(j.get("protocolMajor").asInt(), outputs);
  }

  private static KeyMaterial keyMaterial(JsonNode j) {
    List<ConfigEntry> config = new ArrayList<>();
    for (JsonNode c : j.get("config")) {
      config.add(new ConfigEntry(c.get("name").asText(), c.get("value").asText()));
    }
    List<DirectInput> inputs = new ArrayList<>();
    for (JsonNode in : j.get("inputs")) {
      if (in.has("FileInput")) {
        JsonNode f = in.get("FileInput");
        inputs.add(new FileInput(f.get("path").asText(), Digest.parse(f.get("digest").asText()), f.get("size").asLong()));
      } else {
        JsonNode e = in.get("EnvInput");
        inputs.add(new EnvInput(e.get("name").asText(), e.get("value").isNull() ? null : e.get("value").asText()));
      }
    }
    List<Read> reads = new ArrayList<>();
    for (JsonNode r : j.get("reads")) {
      reads.add(new Read(subject(r.get("subject")), new Facet(r.get("facet").asText()),
          Digest.parse(r.get("outputFingerprint").asText())));
    }
    JsonNode t = j.get("toolchain");
    return new KeyMaterial(j.get("protocolMajor").asInt(), subject(j.get("subject")),
        new Facet(j.get("facet").asText()), new Toolchain(t.get("name").asText(), t.get("version").asText()),
        config, inputs, reads);
  }

  private static Subject subject(JsonNode s) {
    JsonNode u = s.get("unit");
    return new Subject(new Unit(u.get("packageId").asText(), u.get("targetName").asText(),
        u.get("targetKind").asText(), u.get("targetTriple").asText()), s.get("modulePath").asText());
  }
}

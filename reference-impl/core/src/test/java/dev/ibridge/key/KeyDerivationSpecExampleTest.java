package dev.ibridge.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.avro.AvroCodec;
import dev.ibridge.json.JsonForm;
import dev.ibridge.model.Digest;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.ObservableOutput;
import dev.ibridge.model.OutputManifest;
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
    // The example is in the JSON form that 'ibridge decode' prints and 'ibridge key' reads.
    KeyMaterial km = JsonForm.KEY_MATERIAL.parse(block(chapter, "key-example-json"));
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
}

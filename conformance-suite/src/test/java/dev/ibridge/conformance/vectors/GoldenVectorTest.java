package dev.ibridge.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.avro.AvroCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.internal.vectors.VectorType;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads every checked-in vector file, as an implementer in another language would, and checks
 * it against the Java implementation: JSON to model to each encoding gives the stored bytes, the
 * stored bytes decode to the JSON's model, and every derived digest is the SHA-256 of the stated
 * pre-image and agrees with {@link Keys}.
 */
class GoldenVectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void indexListsExactlyTheVectorFilesAndTheirSchemas() throws IOException {
    JsonNode index = JSON.readTree(VectorDriftTest.DIR.resolve(VectorFiles.INDEX).toFile());
    assertThat(index.get("format").textValue()).isEqualTo(VectorFiles.FORMAT);
    List<String> listed = new ArrayList<>();
    index.get("vectors").forEach(v -> listed.add(v.get("path").textValue()));
    List<String> onDisk = new ArrayList<>(VectorDriftTest.readAll(VectorDriftTest.DIR).keySet());
    onDisk.remove(VectorFiles.INDEX);
    assertThat(listed).containsExactlyInAnyOrderElementsOf(onDisk);
    for (VectorType<?> type : VectorType.ALL) {
      long listedOfType = listed.stream().filter(p -> p.startsWith(type.directory() + "/")).count();
      assertThat(listedOfType).as("vectors of %s", type).isGreaterThanOrEqualTo(4);
    }
    for (JsonNode schema : index.get("avroSchemas")) {
      AvroCodec<?> avro = VectorType.named(schema.get("type").textValue()).avro().orElseThrow();
      String form = schema.get("parsingCanonicalForm").textValue();
      assertThat(form).isEqualTo(SchemaNormalization.toParsingForm(avro.schema()));
      long crc = SchemaNormalization.fingerprint64(form.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(schema.get("fingerprint").textValue()).isEqualTo(String.format("%016x", crc));
      assertThat(avro.fingerprint()).isEqualTo(crc);
      assertThat(schema.get("singleObjectHeader").textValue())
          .isEqualTo("c301" + HEX.formatHex(VectorFiles.littleEndian(crc)));
    }
  }

  @TestFactory
  Stream<DynamicTest> everyVectorRoundTripsAndDerivesItsDigests() throws IOException {
    Map<String, String> files = VectorDriftTest.readAll(VectorDriftTest.DIR);
    files.remove(VectorFiles.INDEX);
    assertThat(files).isNotEmpty();
    return files.entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), JSON.readTree(e.getValue()))));
  }

  private static void check(String path, JsonNode vector) throws DecodeException {
    VectorType<?> type = VectorType.named(vector.get("type").textValue());
    assertThat(path).isEqualTo(type.directory() + "/" + vector.get("name").textValue() + ".json");
    checkTyped(type, vector);
  }

  private static <T> void checkTyped(VectorType<T> type, JsonNode vector) throws DecodeException {
    T model = type.json().fromTree(vector.get("value"));
    assertThat(VectorFiles.text(type.json().toTree(model))).as("JSON form re-rendered")
        .isEqualTo(VectorFiles.text(vector.get("value")));
    JsonNode encodings = vector.get("encodings");
    List<String> expectedEncodings = new ArrayList<>();
    if (type.capnp().isPresent()) {
      VectorType.Capnp<T> capnp = type.capnp().get();
      byte[] bytes = VectorFiles.unhex(encodings.get("capnp"));
      assertThat(capnp.encoder().apply(model)).as("capnp encoding").isEqualTo(bytes);
      assertThat(capnp.decoder().decode(bytes)).as("capnp decoding").isEqualTo(model);
      expectedEncodings.add("capnp");
    }
    if (type.avro().isPresent()) {
      AvroCodec<T> avro = type.avro().get();
      byte[] binary = VectorFiles.unhex(encodings.get("avroBinary"));
      byte[] single = VectorFiles.unhex(encodings.get("avroSingleObject"));
      String json = encodings.get("avroJson").textValue();
      assertThat(avro.encodeBinary(model)).as("Avro binary").isEqualTo(binary);
      assertThat(avro.decodeBinary(binary)).as("Avro binary decoding").isEqualTo(model);
      assertThat(avro.encodeSingleObject(model)).as("Avro single-object").isEqualTo(single);
      assertThat(avro.decodeSingleObject(single)).as("Avro single-object decoding").isEqualTo(model);
      byte[] header = HEX.parseHex("c301" + HEX.formatHex(VectorFiles.littleEndian(avro.fingerprint())));
      assertThat(Bytes.wrap(single)).as("single-object = header + binary")
          .isEqualTo(Bytes.wrap(concat(header, binary)));
      assertThat(avro.encodeJson(model)).as("Avro JSON").isEqualTo(json);
      assertThat(avro.decodeJson(json)).as("Avro JSON decoding").isEqualTo(model);
      expectedEncodings.addAll(List.of("avroBinary", "avroSingleObject", "avroJson"));
    }
    List<String> stored = new ArrayList<>();
    encodings.fieldNames().forEachRemaining(stored::add);
    assertThat(stored).containsExactlyElementsOf(expectedEncodings);
    checkDerived(model, vector);
  }

  private static void checkDerived(Object model, JsonNode vector) {
    JsonNode derived = vector.path("derived");
    if (model instanceof KeyMaterial km) {
      byte[] canonical = VectorFiles.unhex(vector.get("encodings").get("avroBinary"));
      assertThat(Keys.canonicalBytes(km)).as("canonical bytes are the Avro binary").isEqualTo(canonical);
      assertDigest(derived, "inputKey", sha256(canonical), Keys.inputKey(km));
      assertSubjectDigest(derived, km.subject());
    } else if (model instanceof Record r) {
      byte[] canonical = VectorFiles.unhex(derived.get("keyMaterialCanonical"));
      assertThat(Keys.canonicalBytes(r.keyMaterial())).isEqualTo(canonical);
      assertThat(AvroCodec.KEY_MATERIAL.encodeBinary(r.keyMaterial())).isEqualTo(canonical);
      assertDigest(derived, "inputKey", sha256(canonical), Keys.inputKey(r.keyMaterial()), r.inputKey());
      byte[] manifest = VectorFiles.unhex(derived.get("outputManifestCanonical"));
      assertThat(Keys.canonicalBytes(Keys.manifest(r.outputs()))).isEqualTo(manifest);
      assertDigest(derived, "outputFingerprint", sha256(manifest), Keys.outputFingerprint(r.outputs()), r.outputFingerprint());
      assertSubjectDigest(derived, r.subject());
      for (JsonNode blob : vector.path("blobs")) {
        byte[] content = VectorFiles.unhex(blob.get("content"));
        assertThat(blob.get("size").longValue()).isEqualTo(content.length);
        assertDigest(blob, "digest", sha256(content), Keys.blobDigest(content));
        Digest digest = Digest.parse(blob.get("digest").textValue());
        assertThat(r.outputs()).as("an output refers to blob %s", digest)
            .anyMatch((Output o) -> o.blob().digest().equals(digest) && o.blob().size() == content.length);
      }
    } else if (model instanceof OutputManifest m) {
      byte[] binary = VectorFiles.unhex(vector.get("encodings").get("avroBinary"));
      List<Output> outputs = VectorFiles.asOutputs(m);
      assertThat(Keys.manifest(outputs)).isEqualTo(m);
      assertThat(Keys.canonicalBytes(m)).isEqualTo(binary);
      assertDigest(derived, "outputFingerprint", sha256(binary), Keys.outputFingerprint(outputs));
    } else if (model instanceof Subject s) {
      byte[] binary = VectorFiles.unhex(vector.get("encodings").get("avroBinary"));
      assertDigest(derived, "subjectDigest", sha256(binary), Keys.subjectDigest(s));
    } else {
      assertThat(vector.has("derived")).as("no derived values for %s", model.getClass().getSimpleName()).isFalse();
    }
  }

  private static void assertSubjectDigest(JsonNode derived, Subject s) {
    assertDigest(derived, "subjectDigest", sha256(AvroCodec.SUBJECT.encodeBinary(s)), Keys.subjectDigest(s));
  }

  /** The stored digest equals the independently computed SHA-256 and every value the code derives. */
  private static void assertDigest(JsonNode node, String field, Digest computed, Digest... derived) {
    assertThat(node.has(field)).as("field %s", field).isTrue();
    Digest stored = Digest.parse(node.get(field).textValue());
    assertThat(stored).as("%s is the SHA-256 of its pre-image", field).isEqualTo(computed);
    for (Digest d : derived) {
      assertThat(d).as("%s as derived by the implementation", field).isEqualTo(stored);
    }
  }

  private static Digest sha256(byte[] bytes) {
    try {
      return Digest.sha256(Bytes.wrap(MessageDigest.getInstance("SHA-256").digest(bytes)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("the JDK always has SHA-256", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}

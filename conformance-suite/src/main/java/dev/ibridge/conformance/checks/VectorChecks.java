package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.recommended;
import static dev.ibridge.conformance.checks.Catalog.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.avro.AvroCodec;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.conformance.harness.BlobContent;
import dev.ibridge.conformance.harness.Fingerprint;
import dev.ibridge.conformance.harness.KeyDerivation;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.conformance.vectors.VectorFiles;
import dev.ibridge.internal.vectors.VectorValues;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.store.EmitResult;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The golden vectors (conformance-suite/vectors/v1, rendered here from the same values, byte for
 * byte), both ways: the testee derives the vectors' keys and fingerprints from their material, and
 * reads the vectors' record bytes (emits them, then reads them back); the record files it writes
 * are compared with the vectors' bytes.
 */
final class VectorChecks {
  private VectorChecks() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One vector file: its path under v1/ and its JSON. */
  record Vector(String path, JsonNode json) {
    Bytes hex(String encoding) {
      return hexLines(json.path("encodings").path(encoding));
    }

    Digest derived(String field) {
      return Digest.parse(json.path("derived").path(field).asText());
    }

    String type() {
      return json.path("type").asText();
    }
  }

  static Bytes hexLines(JsonNode lines) {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(l.asText()));
    return Bytes.fromHex(sb.toString());
  }

  private static List<Vector> load() {
    List<Vector> vectors = new ArrayList<>();
    for (Map.Entry<String, String> e : VectorFiles.render(VectorValues.all()).entrySet()) {
      if (!e.getKey().equals(VectorFiles.INDEX)) {
        try {
          vectors.add(new Vector(e.getKey(), JSON.readTree(e.getValue())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
          throw new UncheckedIOException(ex);
        }
      }
    }
    return vectors;
  }

  private static List<Vector> ofType(String... types) {
    Set<String> wanted = Set.of(types);
    return load().stream().filter(v -> wanted.contains(v.type())).toList();
  }

  static List<Check> all() {
    return List.of(
        new ExampleCheck(
            required("REQ-KEY-001.GoldenKeyMaterialVectors",
                "The testee derives every golden vector's input key (and canonical bytes) from its material",
                "REQ-KEY-001", "REQ-KEY-002", "REQ-KEY-003", "REQ-KEY-004", "REQ-KEY-005", "REQ-KEY-006",
                "REQ-KEY-008", "REQ-MODEL-003", "REQ-AVRO-001"),
            Set.of(Operation.DERIVE_KEY), VectorChecks::keyMaterials),
        new ExampleCheck(
            required("REQ-FP-001.GoldenOutputManifestVectors",
                "The testee derives every golden vector's output fingerprint from its outputs",
                "REQ-FP-001", "REQ-FP-002", "REQ-FP-003"),
            Set.of(Operation.OUTPUT_FINGERPRINT), VectorChecks::fingerprints),
        new ExampleCheck(
            required("REQ-STORE-004.GoldenRecordsEmitAndRead",
                "The testee emits every golden record's bytes into a store and reads them back",
                "REQ-STORE-004", "REQ-STORE-003", "REQ-STORE-005", "REQ-FP-004", "REQ-FP-005", "REQ-CAPNP-001",
                "REQ-CAPNP-003"),
            Set.of(Operation.EMIT, Operation.REQUEST, Operation.READ_STORE), ctx -> records(ctx, false)),
        new ExampleCheck(
            recommended("REQ-CAPNP-002.RecordFilesMatchGoldenBytes",
                "The record files the testee writes are the golden vectors' bytes",
                "REQ-CAPNP-002"),
            Set.of(Operation.EMIT), ctx -> records(ctx, true)));
  }

  private static void keyMaterials(CheckContext ctx) throws Exception {
    for (Vector v : ofType("KeyMaterial", "Record")) {
      KeyMaterial km;
      Digest expected;
      Bytes canonical;
      if (v.type().equals("KeyMaterial")) {
        canonical = v.hex("avroBinary");
        km = AvroCodec.KEY_MATERIAL.decodeBinary(canonical.toByteArray());
        expected = v.derived("inputKey");
      } else {
        km = CapnpCodec.decodeRecord(v.hex("capnp").toByteArray()).keyMaterial();
        canonical = hexLines(v.json().path("derived").path("keyMaterialCanonical"));
        expected = v.derived("inputKey");
      }
      KeyDerivation d = ctx.testee().deriveKey(km);
      if (d.canonicalBytes().isPresent()) {
        int at = KeyChecks.firstDifference(canonical.toByteArray(), d.canonicalBytes().get().toByteArray());
        Expect.that(at < 0, "vector " + v.path() + ": canonical bytes differ from the vector's at byte " + at);
      }
      Expect.equal(expected, d.inputKey(), "vector " + v.path() + ": input key");
    }
  }

  private static void fingerprints(CheckContext ctx) throws Exception {
    for (Vector v : ofType("OutputManifest", "Record")) {
      List<Output> outputs = v.type().equals("OutputManifest")
          ? VectorFiles.asOutputs(AvroCodec.OUTPUT_MANIFEST.decodeBinary(v.hex("avroBinary").toByteArray()))
          : CapnpCodec.decodeRecord(v.hex("capnp").toByteArray()).outputs();
      Fingerprint f = ctx.testee().outputFingerprint(outputs);
      Expect.equal(v.derived("outputFingerprint"), f.outputFingerprint(), "vector " + v.path() + ": output fingerprint");
    }
  }

  /** Emits every record vector that carries the content of all its blobs (the others name blobs too large to ship). */
  private static void records(CheckContext ctx, boolean bytesOnly) throws Exception {
    int emitted = 0;
    for (Vector v : ofType("Record")) {
      Bytes bytes = v.hex("capnp");
      Record expected = CapnpCodec.decodeRecord(bytes.toByteArray());
      List<BlobContent> blobs = new ArrayList<>();
      v.json().path("blobs").forEach(b -> blobs.add(
          new BlobContent(Digest.parse(b.path("digest").asText()), hexLines(b.path("content")))));
      Set<Digest> supplied = new java.util.HashSet<>();
      blobs.forEach(b -> supplied.add(b.digest()));
      if (!expected.outputs().stream().allMatch(o -> supplied.contains(o.blob().digest()))) {
        continue;
      }
      emitted++;
      Path store = ctx.newStore();
      EmitResult result = ctx.testee().emit(store, bytes, blobs);
      String where = "vector " + v.path();
      Expect.equal(EmitOutcome.CREATED, result.outcome(), where + ": emit outcome into a fresh store");
      Digest key = v.derived("inputKey");
      Path file = StoreFiles.record(store, expected.facet(), key);
      Expect.that(Files.isRegularFile(file), where + ": no record file at " + store.relativize(file));
      byte[] written = Files.readAllBytes(file);
      if (bytesOnly) {
        int at = KeyChecks.firstDifference(bytes.toByteArray(), written);
        Expect.that(at < 0, where + ": the record file differs from the vector's bytes at byte " + at
            + " (vector " + bytes.size() + " bytes, file " + written.length + ")");
        continue;
      }
      Expect.equal(expected, CapnpCodec.decodeRecord(written), where + ": the record file, decoded");
      Digest subject = v.derived("subjectDigest");
      Path head = store.resolve("heads").resolve(expected.facet().name()).resolve(subject.hex().substring(0, 2))
          .resolve(subject.hex());
      Expect.that(Files.isRegularFile(head), where + ": no head at " + store.relativize(head));
      Expect.equal(key + "\n", Files.readString(head), where + ": the head file");
      for (BlobContent b : blobs) {
        Path blob = StoreFiles.blob(store, b.digest());
        Expect.that(Files.isRegularFile(blob), where + ": no blob at " + store.relativize(blob));
        Expect.that(Arrays.equals(b.content().toByteArray(), Files.readAllBytes(blob)), where + ": blob content at " + store.relativize(blob));
      }
      Optional<Bytes> read = ctx.testee().readRecord(store, key);
      Expect.that(read.isPresent(), where + ": read-store found no record under " + key);
      Expect.equal(expected, CapnpCodec.decodeRecord(read.get().toByteArray()), where + ": the record read back");
      RequestResult hit = ctx.testee().request(store, expected.subject(), expected.facet(), expected.keyMaterial());
      Expect.that(hit.isHit(), where + ": a request with the vector's key material missed: " + hit.missReason().orElse(""));
    }
    Expect.that(emitted > 0, "no golden record vector comes with all its blobs");
  }
}

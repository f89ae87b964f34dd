package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.conformance.harness.Head;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Toolchain;
import dev.ibridge.property.Gen;
import dev.ibridge.store.RecordSummary;
import dev.ibridge.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Requests and reads against stores that the Java reference wrote: a hit only for exactly the
 * stored material, a miss (never a failure, never a hit) on damaged content, and read-store
 * answers that agree with the Java reader.
 */
final class RequestChecks {
  private RequestChecks() {}

  enum Change { TOOLCHAIN, CONFIG_ENTRY, ENV_INPUT, READ }

  enum Damage { TRUNCATED_RECORD, GARBAGE_RECORD, RECORD_OF_ANOTHER_KEY, RECORD_SYMLINK, BLOB_DELETED, BLOB_ALTERED, BLOB_SYMLINK }

  record Damaged(Emission victim, Emission bystander, Damage damage) {}

  static List<Check> all() {
    return List.of(
        new PropertyCheck<>(
            required("REQ-STORE-030.HitsOnlyOnExactMaterial",
                "A request hits with the stored record for exactly its material, and misses when any entry changed",
                "REQ-STORE-030", "REQ-KEY-001", "REQ-ACT-001"),
            Set.of(Operation.REQUEST), Gen.zip(Emission.EMISSIONS, Gen.choose(Change.values()), List::of), 40, 150,
            String::valueOf, (ctx, c) -> exactMaterial(ctx, (Emission) c.get(0), (Change) c.get(1))),
        new PropertyCheck<>(
            required("REQ-STORE-031.DamagedContentIsAMiss",
                "A damaged, misplaced or linked record or blob makes the request a miss, and other records still hit",
                "REQ-STORE-031", "REQ-STORE-030", "REQ-STORE-081", "REQ-STORE-085", "REQ-SEC-012"),
            Set.of(Operation.REQUEST), damagedCases(), 40, 150, String::valueOf, RequestChecks::damaged),
        new PropertyCheck<>(
            required("REQ-STORE-005.ReadsReferenceStores",
                "read-store answers (records, heads, blobs) agree with the Java reader on a store the reference wrote",
                "REQ-STORE-005", "REQ-STORE-004", "REQ-STORE-003", "REQ-FP-004", "REQ-CAPNP-003", "REQ-HARNESS-014"),
            Set.of(Operation.READ_STORE), Gen.lists(Emission.EMISSIONS, 1, 5), 20, 100, String::valueOf,
            RequestChecks::readStore),
        new ExampleCheck(
            required("REQ-STORE-001.AbsentDirectoriesAreEmpty",
                "A store that holds only its STORE file reads as empty",
                "REQ-STORE-001", "REQ-HARNESS-014"),
            Set.of(Operation.READ_STORE, Operation.REQUEST), RequestChecks::headerOnly),
        new ExampleCheck(
            required("REQ-STORE-096.RequestsCreateNoStore",
                "A request (and a read-store query) where there is no store is a miss that creates neither the directory "
                    + "nor any file in it",
                "REQ-STORE-096", "REQ-STORE-098", "REQ-HARNESS-014"),
            Set.of(Operation.REQUEST), RequestChecks::noStoreCreated),
        new PropertyCheck<>(
            required("REQ-HARNESS-018.IntactMeansTheRecordFile",
                "read-store answers a record and lists its head whatever its blobs, and leaves out a record that does "
                    + "not recompute or sits at another key's path",
                "REQ-HARNESS-018", "REQ-HARNESS-014"),
            Set.of(Operation.READ_STORE), Gen.lists(withOwnBlob(), 3, 3), 10, 50, String::valueOf, RequestChecks::intact));
  }

  private static Gen<Emission> withOwnBlob() {
    return d -> {
      List<Emission.Made> outputs = new ArrayList<>(d.draw(Emission.OUTPUTS));
      outputs.removeIf(m -> m.name().equals("own.bin"));
      outputs.add(new Emission.Made("own.bin", Bytes.wrap(d.draw(Gen.bytes(1, 512))), true));
      return Emission.of(d.draw(ModelGens.producers()), d.draw(Emission.MATERIALS), outputs);
    };
  }

  static Path referenceStore(CheckContext ctx, List<Emission> emissions) throws Exception {
    Path dir = ctx.newStore();
    try (Store store = Store.open(dir)) {
      for (Emission e : emissions) {
        store.emit(e.record(), e.contents());
      }
    }
    return dir;
  }

  static void exactMaterial(CheckContext ctx, Emission e, Change change) throws Exception {
    Path store = referenceStore(ctx, List.of(e));
    KeyMaterial km = e.record().keyMaterial();
    RequestResult hit = ctx.testee().request(store, km.subject(), km.facet(), km);
    Expect.that(hit.isHit(), "a request with the stored material missed: " + hit.missReason().orElse(""));
    Expect.equal(e.record(), hit.decodedRecord().orElseThrow(), "the record of the hit");
    KeyMaterial changed = changed(km, change);
    RequestResult miss = ctx.testee().request(store, km.subject(), km.facet(), changed);
    Expect.that(!miss.isHit(), "a request hit after a change of " + change + " in the key material (key "
        + Keys.inputKey(changed) + ", stored " + e.key() + ")");
  }

  private static KeyMaterial changed(KeyMaterial km, Change change) {
    Toolchain t = km.toolchain();
    List<ConfigEntry> config = new ArrayList<>(km.config());
    List<DirectInput> inputs = new ArrayList<>(km.inputs());
    List<Read> reads = new ArrayList<>(km.reads());
    switch (change) {
      case TOOLCHAIN -> t = new Toolchain(t.name(),
          t.version().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 4090 ? t.version() + "+1" : "changed");
      case CONFIG_ENTRY -> {
        config.removeIf(c -> c.name().equals("zz.conformance.changed"));
        config.add(new ConfigEntry("zz.conformance.changed", "1"));
      }
      case ENV_INPUT -> {
        inputs.removeIf(i -> i instanceof EnvInput v && v.name().equals("ZZ_CONFORMANCE_CHANGED"));
        inputs.add(EnvInput.unset("ZZ_CONFORMANCE_CHANGED"));
      }
      case READ -> {
        reads.removeIf(r -> r.facet().name().equals("zz.conformance.changed"));
        reads.add(new Read(km.subject(), new Facet("zz.conformance.changed"), Keys.blobDigest(new byte[0])));
      }
    }
    KeyMaterial c = KeyMaterial.canonical(km.subject(), km.facet(), t, config, inputs, reads);
    return new KeyMaterial(km.protocolMajor(), c.subject(), c.facet(), c.toolchain(), c.config(), c.inputs(), c.reads());
  }

  private static Gen<Damaged> damagedCases() {
    Gen<Emission> withOutput = withOwnBlob();
    return d -> new Damaged(d.draw(withOutput), d.draw(withOutput), d.draw(Gen.choose(Damage.values())));
  }

  static void damaged(CheckContext ctx, Damaged c) throws Exception {
    Emission victim = c.victim();
    Emission bystander = c.bystander();
    if (victim.key().equals(bystander.key())
        || victim.contents().keySet().stream().anyMatch(bystander.contents()::containsKey)) {
      return;
    }
    Path store = referenceStore(ctx, List.of(victim, bystander));
    Path record = StoreFiles.record(store, victim.facet(), victim.key());
    Path blob = StoreFiles.blob(store, victim.record().outputs().stream()
        .filter(o -> o.name().equals("own.bin")).findFirst().orElseThrow().blob().digest());
    Path outside = store.getParent().resolve("outside");
    switch (c.damage()) {
      case TRUNCATED_RECORD -> Files.write(record, java.util.Arrays.copyOf(Files.readAllBytes(record), (int) Files.size(record) / 2));
      case GARBAGE_RECORD -> Files.writeString(record, "this is not a record");
      case RECORD_OF_ANOTHER_KEY -> Files.write(record, Files.readAllBytes(StoreFiles.record(store, bystander.facet(), bystander.key())));
      case RECORD_SYMLINK -> {
        Files.move(record, outside);
        Files.createSymbolicLink(record, outside);
      }
      case BLOB_DELETED -> Files.delete(blob);
      case BLOB_ALTERED -> {
        byte[] b = Files.readAllBytes(blob);
        b[b.length - 1] ^= 0x01;
        blob.toFile().setWritable(true);
        Files.write(blob, b);
      }
      case BLOB_SYMLINK -> {
        Files.move(blob, outside);
        Files.createSymbolicLink(blob, outside);
      }
    }
    KeyMaterial km = victim.record().keyMaterial();
    RequestResult r = ctx.testee().request(store, km.subject(), km.facet(), km);
    Expect.that(!r.isHit(), "a request hit although " + describe(c.damage()));
    KeyMaterial other = bystander.record().keyMaterial();
    RequestResult ok = ctx.testee().request(store, other.subject(), other.facet(), other);
    Expect.that(ok.isHit(), "an intact record missed after another was damaged (" + describe(c.damage()) + "): "
        + ok.missReason().orElse(""));
  }

  private static String describe(Damage d) {
    return switch (d) {
      case TRUNCATED_RECORD -> "the record file was truncated";
      case GARBAGE_RECORD -> "the record file holds garbage";
      case RECORD_OF_ANOTHER_KEY -> "the record file holds the record of another key";
      case RECORD_SYMLINK -> "the record file is a symbolic link out of the store";
      case BLOB_DELETED -> "a blob the record names is missing";
      case BLOB_ALTERED -> "a blob the record names does not match its digest";
      case BLOB_SYMLINK -> "a blob the record names is a symbolic link out of the store";
    };
  }

  static void readStore(CheckContext ctx, List<Emission> emissions) throws Exception {
    Path store = referenceStore(ctx, emissions);
    List<Head> expected = new ArrayList<>();
    try (Store s = Store.open(store)) {
      for (RecordSummary r : s.list(Optional.empty())) {
        if (r.head()) {
          expected.add(new Head(r.subject(), r.facet(), r.inputKey()));
        }
      }
    }
    expected.sort(Head.ORDER);
    Expect.equal(expected, ctx.testee().heads(store, Optional.empty()), "the heads of the store");
    Facet facet = emissions.get(0).facet();
    Expect.equal(expected.stream().filter(h -> h.facet().equals(facet)).toList(),
        ctx.testee().heads(store, Optional.of(facet)), "the heads of facet " + facet);
    for (Emission e : emissions) {
      Optional<Bytes> read = ctx.testee().readRecord(store, e.key());
      Expect.that(read.isPresent(), "read-store found no record under " + e.key());
      Expect.equal(CapnpCodec.decodeRecord(Files.readAllBytes(StoreFiles.record(store, e.facet(), e.key()))),
          CapnpCodec.decodeRecord(read.get().toByteArray()), "the record read under " + e.key());
      for (var blob : e.contents().entrySet()) {
        Expect.equal(Optional.of(blob.getValue()), ctx.testee().readBlob(store, blob.getKey()), "the blob " + blob.getKey());
      }
    }
    var absent = Keys.blobDigest("not in the store".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Expect.equal(Optional.empty(), ctx.testee().readRecord(store, absent), "reading a record the store does not hold");
    Expect.equal(Optional.empty(), ctx.testee().readBlob(store, absent), "reading a blob the store does not hold");
  }

  static void headerOnly(CheckContext ctx) throws Exception {
    Path store = ctx.newStore();
    Files.createDirectories(store);
    Files.write(store.resolve("STORE"), CapnpCodec.encodeStoreHeader(new StoreHeader(1, 0, DigestAlgorithm.SHA256, "conformance")));
    Expect.equal(List.of(), ctx.testee().heads(store, Optional.empty()), "the heads of a store with no heads/");
    Emission e = Emission.EMISSIONS.samples(ctx.seed(), 1).get(0);
    Expect.equal(Optional.empty(), ctx.testee().readRecord(store, e.key()), "reading a record from a store with no records/");
    KeyMaterial km = e.record().keyMaterial();
    Expect.that(!ctx.testee().request(store, km.subject(), km.facet(), km).isHit(), "a request hit in a store with no records/");
  }

  static void noStoreCreated(CheckContext ctx) throws Exception {
    Emission e = Emission.EMISSIONS.samples(ctx.seed(), 1).get(0);
    KeyMaterial km = e.record().keyMaterial();
    boolean queries = ctx.info().operations().contains(Operation.READ_STORE);
    Path missing = ctx.newStore();
    Path empty = ctx.newStore();
    Files.createDirectories(empty);
    for (Path dir : List.of(missing, empty)) {
      String where = dir == missing ? "a directory that does not exist" : "an empty directory";
      RequestResult r = ctx.testee().request(dir, km.subject(), km.facet(), km);
      Expect.that(!r.isHit(), "a request hit in " + where);
      if (queries) {
        Expect.equal(Optional.empty(), ctx.testee().readRecord(dir, e.key()), "reading a record from " + where);
        Expect.equal(List.of(), ctx.testee().heads(dir, Optional.empty()), "the heads of " + where);
        for (var blob : e.contents().keySet()) {
          Expect.equal(Optional.empty(), ctx.testee().readBlob(dir, blob), "reading a blob from " + where);
        }
      }
      if (dir == missing) {
        Expect.that(!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS),
            "the request" + (queries ? " and the read-store queries" : "") + " created " + dir + ", which did not exist");
      } else {
        try (var entries = Files.list(dir)) {
          Expect.equal(List.of(), entries.map(p -> p.getFileName().toString()).sorted().toList(),
              "the entries of an empty directory after a request" + (queries ? " and read-store queries" : ""));
        }
      }
    }
  }

  static void intact(CheckContext ctx, List<Emission> three) throws Exception {
    Emission blobless = three.get(0);
    Emission tampered = three.get(1);
    Emission misplaced = three.get(2);
    Set<Object> keys = new java.util.HashSet<>();
    Set<Object> blobs = new java.util.HashSet<>();
    Set<Object> heads = new java.util.HashSet<>();
    for (Emission e : three) {
      keys.add(e.key());
      heads.add(List.of(e.facet(), e.record().subject()));
      blobs.addAll(e.contents().keySet());
    }
    if (keys.size() < 3 || heads.size() < 3 || blobs.size() < three.stream().mapToInt(e -> e.contents().size()).sum()) {
      return;
    }
    Path store = referenceStore(ctx, three);
    // A record whose own blob is gone is still held intact.
    Files.delete(StoreFiles.blob(store, blobless.record().outputs().stream()
        .filter(o -> o.name().equals("own.bin")).findFirst().orElseThrow().blob().digest()));
    // A record at its path under its key whose key material no longer hashes to that key is not.
    Record t = tampered.record();
    KeyMaterial km = t.keyMaterial();
    KeyMaterial changed = changed(km, Change.CONFIG_ENTRY);
    Files.write(StoreFiles.record(store, tampered.facet(), tampered.key()),
        CapnpCodec.encodeRecord(new Record(t.producer(), t.inputKey(), changed, t.outputs(), t.outputFingerprint())));
    // Nor is the record of another key copied to a record's path.
    Files.write(StoreFiles.record(store, misplaced.facet(), misplaced.key()), blobless.encoded().toByteArray());
    List<Head> listed = ctx.testee().heads(store, Optional.empty());
    Head kept = new Head(blobless.record().subject(), blobless.facet(), blobless.key());
    Expect.that(listed.contains(kept), "the head of a record whose blob is missing is not listed: " + listed);
    for (Emission gone : List.of(tampered, misplaced)) {
      Expect.that(listed.stream().noneMatch(h -> h.inputKey().equals(gone.key())),
          "a head naming " + gone.key() + " is listed, but " + (gone == tampered
              ? "its record does not recompute to its key" : "its path holds the record of another key") + ": " + listed);
    }
    Optional<Bytes> read = ctx.testee().readRecord(store, blobless.key());
    Expect.that(read.isPresent(), "read-store answers null for a record whose blob is missing");
    Expect.equal(blobless.record(), CapnpCodec.decodeRecord(read.get().toByteArray()), "the record read under " + blobless.key());
    Expect.equal(Optional.empty(), ctx.testee().readRecord(store, tampered.key()),
        "reading a record that does not recompute to its key");
    Expect.equal(Optional.empty(), ctx.testee().readRecord(store, misplaced.key()),
        "reading a key whose path holds the record of another key");
  }
}

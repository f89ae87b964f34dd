package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.conformance.harness.BlobContent;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import dev.ibridge.model.Unit;
import dev.ibridge.property.Gen;
import dev.ibridge.store.EmitResult;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The store as the testee writes it (spec/store.adoc): the layout the Java reader finds after
 * emits, refusals of directories that are not its store, atomic publication watched from outside,
 * deduplication, conflicts, facet isolation and records of facets the testee has never heard of.
 */
final class StoreChecks {
  private StoreChecks() {}

  private static final Set<Operation> EMIT = Set.of(Operation.EMIT);
  private static final Producer OTHER = new Producer("other-activity", "conformance-runner", "1");

  static List<Check> all() {
    return List.of(
        new ExampleCheck(
            required("REQ-HARNESS-004.HelloNamesTheTestee",
                "hello names the testee and its version, speaks harness version 1, and lists only reverse-DNS facets of its own",
                "REQ-HARNESS-004", "REQ-MODEL-007", "REQ-ACT-013"),
            Set.of(), StoreChecks::hello),
        new PropertyCheck<>(
            required("REQ-STORE-001.LayoutAfterEmits",
                "After emits, the Java reader finds the header, records, heads and blobs where the layout puts them",
                "REQ-STORE-001", "REQ-STORE-003", "REQ-STORE-004", "REQ-STORE-005", "REQ-STORE-008", "REQ-STORE-013",
                "REQ-FP-004", "REQ-FP-005", "REQ-CAPNP-001", "REQ-STORE-080", "REQ-SEC-011", "REQ-STORE-087",
                "REQ-STORE-088", "REQ-STORE-089"),
            EMIT, Gen.lists(Emission.EMISSIONS, 1, 4), 30, 200, String::valueOf, StoreChecks::layout),
        new PropertyCheck<>(
            required("REQ-STORE-084.SubjectsNeverInPaths",
                "Subjects such as ../../etc, /abs or names differing only in case land at digest paths inside the store",
                "REQ-STORE-084", "REQ-STORE-080", "REQ-SEC-011"),
            EMIT, hostileEmissions(), 20, 100, String::valueOf, StoreChecks::hostileSubjects),
        new ExampleCheck(
            required("REQ-STORE-083.RefusesForeignDirectory",
                "The testee does not create a store in a directory that holds other files",
                "REQ-STORE-083"),
            EMIT, StoreChecks::foreignDirectory),
        new ExampleCheck(
            required("REQ-STORE-002.RefusesOtherHeaders",
                "The testee refuses a store of another protocol major and a STORE file that does not decode",
                "REQ-STORE-002", "REQ-STORE-090"),
            Set.of(Operation.EMIT, Operation.REQUEST), StoreChecks::otherHeaders),
        new PropertyCheck<>(
            required("REQ-STORE-010.NoPartialFilesOutsideTmp",
                "A watcher reading the store while the testee emits never sees a partial file, or a record before its blobs",
                "REQ-STORE-010", "REQ-STORE-012"),
            EMIT, largeEmissions(), 6, 20, String::valueOf, StoreChecks::watchedEmits),
        new PropertyCheck<>(
            required("REQ-STORE-012.BlobsStoredOnce",
                "A blob already stored is not written again: the second emit reports it deduplicated and leaves the file alone",
                "REQ-STORE-012", "REQ-STORE-092"),
            EMIT, sharingEmissions(), 30, 100, String::valueOf, StoreChecks::dedup),
        new PropertyCheck<>(
            required("REQ-STORE-011.ConflictNeverOverwrites",
                "Another record under an existing key is a CONFLICT that changes nothing; the same one is ALREADY_PRESENT",
                "REQ-STORE-011", "REQ-STORE-013"),
            EMIT, Gen.zip(Emission.EMISSIONS, Emission.OUTPUTS, List::of), 30, 100, String::valueOf,
            (ctx, pair) -> conflict(ctx, (Emission) pair.get(0), castMade(pair.get(1)))),
        new PropertyCheck<>(
            required("REQ-STORE-012.RejectsBlobWithWrongDigest",
                "An emit whose blob content does not hash to its digest, or lacks a needed blob, is rejected and publishes nothing",
                "REQ-STORE-012", "REQ-FP-005", "REQ-STORE-091"),
            EMIT, Emission.EMISSIONS.filter(e -> !e.contents().isEmpty()).flatMap(e -> Gen.booleans().map(b -> List.of(e, b))),
            30, 100, String::valueOf, (ctx, c) -> wrongDigest(ctx, (Emission) c.get(0), (Boolean) c.get(1))),
        new PropertyCheck<>(
            required("REQ-STORE-015.EmitLeavesOtherFacetsAlone",
                "Emitting facet F leaves every record and head of every other facet byte-identical",
                "REQ-STORE-015", "REQ-ACT-016"),
            EMIT, isolationCases(), 30, 100, String::valueOf, StoreChecks::isolation),
        new PropertyCheck<>(
            required("REQ-MODEL-007.ToolFacetsStoreAndRead",
                "Records of a tool's own facet, unknown to the testee, are emitted and requested like any other",
                "REQ-MODEL-007", "REQ-MODEL-006", "REQ-STORE-004"),
            Set.of(Operation.EMIT, Operation.REQUEST), toolFacetEmissions(), 20, 100, String::valueOf,
            StoreChecks::toolFacet));
  }

  @SuppressWarnings("unchecked")
  private static List<Emission.Made> castMade(Object o) {
    return (List<Emission.Made>) o;
  }

  static void hello(CheckContext ctx) throws Exception {
    var info = ctx.testee().hello();
    Expect.equal(dev.ibridge.conformance.harness.HarnessVersion.CURRENT, info.harnessVersion(), "the harness version in hello");
    Expect.that(!info.name().isBlank() && !info.version().isBlank(), "hello must name the testee and its version");
    for (Facet f : info.facets()) {
      Expect.that(!f.isCore() && f.name().contains("."), "hello lists " + f + " as its own facet: a tool's facet has a reverse-DNS name");
    }
  }

  // ---- layout

  static void layout(CheckContext ctx, List<Emission> emissions) throws Exception {
    Path store = ctx.newStore();
    Map<Digest, Emission> emitted = new HashMap<>();
    Map<List<Object>, Digest> heads = new HashMap<>();
    for (Emission e : emissions) {
      EmitResult r = ctx.testee().emit(store, e.encoded(), e.blobs());
      Emission first = emitted.putIfAbsent(e.key(), e);
      EmitOutcome expected = first == null ? EmitOutcome.CREATED
          : first.record().equals(e.record()) ? EmitOutcome.ALREADY_PRESENT : EmitOutcome.CONFLICT;
      Expect.equal(expected, r.outcome(), "the outcome of emitting " + e);
      if (expected != EmitOutcome.CONFLICT) {
        heads.put(List.of(e.facet(), e.record().subject()), e.key());
      }
    }
    StoreHeader header;
    try {
      header = CapnpCodec.decodeStoreHeader(Files.readAllBytes(store.resolve("STORE")));
    } catch (IOException e) {
      throw new CheckFailure("the STORE file is missing or does not decode: " + e.getMessage());
    }
    Expect.equal(new StoreHeader(1, 0, DigestAlgorithm.SHA256, header.createdBy()), header, "the store header");
    for (Map.Entry<Digest, Emission> e : emitted.entrySet()) {
      Path file = StoreFiles.record(store, e.getValue().facet(), e.getKey());
      Expect.that(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), "no record file at " + store.relativize(file));
      Expect.equal(e.getValue().record(), CapnpCodec.decodeRecord(Files.readAllBytes(file)), "the record at " + store.relativize(file));
      for (Map.Entry<Digest, Bytes> blob : e.getValue().contents().entrySet()) {
        Path b = StoreFiles.blob(store, blob.getKey());
        Expect.that(Files.isRegularFile(b, LinkOption.NOFOLLOW_LINKS), "no blob at " + store.relativize(b));
        Expect.equal(blob.getValue(), Bytes.wrap(Files.readAllBytes(b)), "the blob at " + store.relativize(b));
      }
    }
    for (Map.Entry<List<Object>, Digest> h : heads.entrySet()) {
      Path head = StoreFiles.head(store, (Facet) h.getKey().get(0), (Subject) h.getKey().get(1));
      Expect.that(Files.isRegularFile(head, LinkOption.NOFOLLOW_LINKS), "no head at " + store.relativize(head));
      Expect.equal(h.getValue() + "\n", Files.readString(head), "the head at " + store.relativize(head));
    }
    StoreVerification.requireVerifies(store, emissions.size() + " emits");
  }

  // ---- hostile subjects

  private static Gen<List<Emission>> hostileEmissions() {
    Gen<String> hostile = Gen.choose("../../etc", "/abs", "..", "a/../../b", "C:\\windows", "x".repeat(4000), "Core", "core");
    Gen<Subject> subjects = Gen.zip(hostile, Gen.choose("", "../up", "a::b"), (h, m) ->
        new Subject(new Unit(h, h.length() > 100 ? "t" : h, "lib", "x86_64-unknown-linux-gnu"), m));
    Gen<Emission> one = d -> {
      KeyMaterial km = d.draw(Emission.MATERIALS);
      KeyMaterial hostileKm = new KeyMaterial(km.protocolMajor(), d.draw(subjects), km.facet(), km.toolchain(), km.config(),
          km.inputs(), km.reads());
      return Emission.of(d.draw(ModelGens.producers()), hostileKm, d.draw(Emission.OUTPUTS));
    };
    return Gen.lists(one, 1, 4);
  }

  static void hostileSubjects(CheckContext ctx, List<Emission> emissions) throws Exception {
    Path store = ctx.newStore();
    Path parent = store.getParent();
    for (Emission e : emissions) {
      ctx.testee().emit(store, e.encoded(), e.blobs());
    }
    try (Stream<Path> entries = Files.list(parent)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).sorted().toList();
      Expect.equal(List.of("store"), names, "the entries next to the store after emits of hostile subjects");
    }
    for (Emission e : emissions) {
      Path head = StoreFiles.head(store, e.facet(), e.record().subject());
      Expect.that(Files.isRegularFile(head, LinkOption.NOFOLLOW_LINKS),
          "no head at " + store.relativize(head) + " for subject " + e.record().subject());
    }
    StoreVerification.requireVerifies(store, "emits of hostile subjects");
  }

  // ---- refusals

  static void foreignDirectory(CheckContext ctx) throws Exception {
    Path dir = ctx.newStore();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"mine\"\n");
    Map<String, String> before = StoreFiles.snapshot(dir);
    Emission e = Emission.EMISSIONS.samples(ctx.seed(), 1).get(0);
    Expect.refused(() -> ctx.testee().emit(dir, e.encoded(), e.blobs()), "a store in a directory holding Cargo.toml");
    Expect.equal(before, StoreFiles.snapshot(dir), "the directory's files after the refused emit");
    try (Stream<Path> entries = Files.list(dir)) {
      Expect.equal(List.of("Cargo.toml"), entries.map(p -> p.getFileName().toString()).toList(),
          "the directory's entries after the refused emit");
    }
  }

  static void otherHeaders(CheckContext ctx) throws Exception {
    Emission e = Emission.EMISSIONS.samples(ctx.seed(), 1).get(0);
    Map<String, byte[]> headers = Map.of(
        "protocol major 2", CapnpCodec.encodeStoreHeader(new StoreHeader(2, 0, DigestAlgorithm.SHA256, "a future tool")),
        "a STORE file that does not decode", "not a store header".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> h : headers.entrySet()) {
      Path store = ctx.newStore();
      Files.createDirectories(store);
      Files.write(store.resolve("STORE"), h.getValue());
      Map<String, String> before = StoreFiles.snapshot(store);
      Expect.refused(() -> ctx.testee().emit(store, e.encoded(), e.blobs()), "an emit into a store with " + h.getKey());
      Expect.refused(() -> ctx.testee().request(store, e.record().subject(), e.facet(), e.record().keyMaterial()),
          "a request from a store with " + h.getKey());
      Map<String, String> after = StoreFiles.snapshot(store);
      after.remove("lock");
      before.remove("lock");
      Expect.equal(before, after, "the files of a store with " + h.getKey() + " after the refused calls");
    }
  }

  // ---- atomicity

  private static Gen<List<Emission>> largeEmissions() {
    Gen<Emission.Made> big = Gen.zip(Gen.choose("lib.rlib", "out.o", "big.bin"), Gen.ints(64 * 1024, 512 * 1024),
        (n, size) -> {
          byte[] content = new byte[size];
          for (int i = 0; i < size; i++) {
            content[i] = (byte) (i * 31 + n.length() + size);
          }
          return new Emission.Made(n, Bytes.wrap(content), true);
        });
    Gen<Emission> one = d -> Emission.of(d.draw(ModelGens.producers()), d.draw(Emission.MATERIALS),
        d.draw(Gen.uniqueLists(big, Emission.Made::name, 1, 2)));
    return Gen.lists(one, 2, 4);
  }

  static void watchedEmits(CheckContext ctx, List<Emission> emissions) throws Exception {
    Path store = ctx.newStore();
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    Set<Path> whole = new java.util.HashSet<>();
    Thread watcher = new Thread(() -> {
      while (!done.get()) {
        watchOnce(store, seen, whole);
      }
      watchOnce(store, seen, whole);
    }, "store-watcher");
    watcher.setDaemon(true);
    watcher.start();
    try {
      for (Emission e : emissions) {
        ctx.testee().emit(store, e.encoded(), e.blobs());
      }
    } finally {
      done.set(true);
      watcher.join(30_000);
    }
    Expect.that(seen.isEmpty(), "the watcher saw, outside tmp/: " + String.join("; ", seen.stream().limit(5).toList()));
  }

  /**
   * One pass over the published files: every one must be whole, and every record's blobs must be
   * there. Records and blobs are immutable, so one found whole is not read again.
   */
  private static void watchOnce(Path store, ConcurrentLinkedQueue<String> seen, Set<Path> whole) {
    for (String dir : List.of("records", "blobs", "heads")) {
      Path root = store.resolve(dir);
      if (!Files.isDirectory(root)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
      } catch (IOException | java.io.UncheckedIOException e) {
        continue;
      }
      for (Path f : files) {
        if (whole.contains(f)) {
          continue;
        }
        String problem = wholeFile(store, dir, f);
        if (problem == null && !dir.equals("heads")) {
          whole.add(f);
        } else if (problem != null && seen.size() < 20) {
          seen.add(store.relativize(f) + ": " + problem);
        }
      }
    }
  }

  private static String wholeFile(Path store, String dir, Path f) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (IOException e) {
      return null;
    }
    String name = f.getFileName().toString();
    switch (dir) {
      case "blobs" -> {
        return Keys.blobDigest(bytes).hex().equals(name) ? null : "a partial blob (" + bytes.length + " bytes)";
      }
      case "heads" -> {
        return bytes.length == 72 ? null : "a partial head (" + bytes.length + " bytes)";
      }
      default -> {
        Record r;
        try {
          r = CapnpCodec.decodeRecord(bytes);
        } catch (DecodeException e) {
          return "a partial record (" + bytes.length + " bytes): " + e.getMessage();
        }
        for (var o : r.outputs()) {
          Path blob = StoreFiles.blob(store, o.blob().digest());
          try {
            if (!Files.isRegularFile(blob) || Files.size(blob) != o.blob().size()) {
              return "a record published before its blob " + o.blob().digest();
            }
          } catch (IOException e) {
            return "a record published before its blob " + o.blob().digest();
          }
        }
        return null;
      }
    }
  }

  // ---- dedup

  private static Gen<List<Emission>> sharingEmissions() {
    return d -> {
      Emission.Made shared = new Emission.Made("shared.bin", Bytes.wrap(d.draw(Gen.bytes(1, 2048))), true);
      List<Emission> two = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        List<Emission.Made> outputs = new ArrayList<>(d.draw(Emission.OUTPUTS));
        outputs.removeIf(m -> m.name().equals(shared.name()));
        outputs.add(shared);
        two.add(Emission.of(d.draw(ModelGens.producers()), d.draw(Emission.MATERIALS), outputs));
      }
      return two;
    };
  }

  static void dedup(CheckContext ctx, List<Emission> two) throws Exception {
    Emission first = two.get(0);
    Emission second = two.get(1);
    if (first.key().equals(second.key())) {
      return;
    }
    Path store = ctx.newStore();
    ctx.testee().emit(store, first.encoded(), first.blobs());
    Digest shared = Keys.blobDigest(first.contents().values().stream()
        .filter(c -> second.contents().containsValue(c)).findFirst().orElseThrow().toByteArray());
    Path blob = StoreFiles.blob(store, shared);
    Expect.that(Files.isRegularFile(blob), "no blob at " + store.relativize(blob) + " after the first emit");
    BasicFileAttributes before = Files.readAttributes(blob, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    long alreadyStored = 0;
    for (Map.Entry<Digest, Bytes> c : second.contents().entrySet()) {
      if (first.contents().containsKey(c.getKey())) {
        alreadyStored += c.getValue().size();
      }
    }
    EmitResult r = ctx.testee().emit(store, second.encoded(), second.blobs());
    Expect.equal(EmitOutcome.CREATED, r.outcome(), "the outcome of the second emit");
    Expect.equal(alreadyStored, r.bytesDeduplicated(), "bytes deduplicated by the second emit (blobs the first stored)");
    BasicFileAttributes after = Files.readAttributes(blob, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Expect.equal(before.fileKey(), after.fileKey(), "the shared blob's file identity (it must not be written again)");
    Expect.equal(before.lastModifiedTime(), after.lastModifiedTime(), "the shared blob's modification time");
  }

  // ---- conflicts

  static void conflict(CheckContext ctx, Emission e, List<Emission.Made> otherOutputs) throws Exception {
    Path store = ctx.newStore();
    Testee t = ctx.testee();
    Expect.equal(EmitOutcome.CREATED, t.emit(store, e.encoded(), e.blobs()).outcome(), "the first emit");
    Path file = StoreFiles.record(store, e.facet(), e.key());
    Path head = StoreFiles.head(store, e.facet(), e.record().subject());
    byte[] stored = Files.readAllBytes(file);
    Emission same = e.producedBy(OTHER);
    Expect.equal(EmitOutcome.ALREADY_PRESENT, t.emit(store, same.encoded(), same.blobs()).outcome(),
        "emitting the same record again, from another producer");
    Emission other = Emission.of(e.record().producer(), e.record().keyMaterial(), otherOutputs);
    if (!other.record().outputFingerprint().equals(e.record().outputFingerprint())
        || !other.record().outputs().equals(e.record().outputs())) {
      Expect.equal(EmitOutcome.CONFLICT, t.emit(store, other.encoded(), other.blobs()).outcome(),
          "emitting other outputs under the same key");
    }
    Expect.that(java.util.Arrays.equals(stored, Files.readAllBytes(file)), "the stored record changed after a conflict");
    Expect.equal(e.key() + "\n", Files.readString(head), "the head after a conflict");
  }

  // ---- wrong digests

  static void wrongDigest(CheckContext ctx, Emission e, boolean missing) throws Exception {
    Path store = ctx.newStore();
    List<BlobContent> blobs = new ArrayList<>(e.blobs());
    BlobContent victim = blobs.remove(0);
    String what;
    if (missing) {
      what = "an emit without the content of blob " + victim.digest();
    } else {
      byte[] changed = victim.content().toByteArray();
      changed = changed.length == 0 ? new byte[] {0x2a} : changed;
      changed[changed.length / 2] ^= 0x01;
      blobs.add(0, new BlobContent(victim.digest(), Bytes.wrap(changed)));
      what = "an emit whose blob content does not hash to its digest " + victim.digest();
    }
    Expect.rejected(() -> ctx.testee().emit(store, e.encoded(), blobs), what);
    Path file = StoreFiles.record(store, e.facet(), e.key());
    Expect.that(!Files.exists(file, LinkOption.NOFOLLOW_LINKS), "the record was published after " + what);
    Expect.that(!Files.exists(StoreFiles.blob(store, victim.digest()), LinkOption.NOFOLLOW_LINKS),
        "a blob was stored under " + victim.digest() + " after " + what);
  }

  // ---- facet isolation

  /** Records of several facets for a few subjects, then an emission of one of those facets for one of the subjects. */
  private static Gen<List<Emission>> isolationCases() {
    return d -> {
      List<Subject> subjects = d.draw(Gen.uniqueLists(ModelGens.subjects(), s -> s, 1, 2));
      List<Facet> facets = d.draw(Gen.uniqueLists(ModelGens.facets(), f -> f, 2, 4));
      List<Emission> out = new ArrayList<>();
      for (Subject s : subjects) {
        for (Facet f : facets) {
          KeyMaterial km = d.draw(Emission.MATERIALS);
          out.add(Emission.of(d.draw(ModelGens.producers()), withSubjectAndFacet(km, s, f), d.draw(Emission.OUTPUTS)));
        }
      }
      KeyMaterial km = d.draw(Emission.MATERIALS);
      out.add(Emission.of(d.draw(ModelGens.producers()),
          withSubjectAndFacet(km, d.draw(Gen.choose(subjects)), d.draw(Gen.choose(facets))), d.draw(Emission.OUTPUTS)));
      return out;
    };
  }

  static KeyMaterial withSubjectAndFacet(KeyMaterial km, Subject s, Facet f) {
    return new KeyMaterial(km.protocolMajor(), s, f, km.toolchain(), km.config(), km.inputs(), km.reads());
  }

  static void isolation(CheckContext ctx, List<Emission> emissions) throws Exception {
    Path store = ctx.newStore();
    try (Store reference = Store.open(store)) {
      for (Emission e : emissions.subList(0, emissions.size() - 1)) {
        reference.emit(e.record(), e.contents());
      }
    }
    Emission last = emissions.get(emissions.size() - 1);
    Map<Facet, Map<String, String>> before = otherFacets(store, last.facet());
    ctx.testee().emit(store, last.encoded(), last.blobs());
    Map<Facet, Map<String, String>> after = otherFacets(store, last.facet());
    Expect.equal(before, after, "the records and heads of facets other than " + last.facet() + " after emitting " + last);
  }

  private static Map<Facet, Map<String, String>> otherFacets(Path store, Facet emitted) throws IOException {
    Map<Facet, Map<String, String>> all = new java.util.TreeMap<>();
    for (String dir : List.of("records", "heads")) {
      Path root = store.resolve(dir);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> facets = Files.list(root)) {
        for (Path f : facets.toList()) {
          Facet facet = new Facet(f.getFileName().toString());
          if (!facet.equals(emitted)) {
            Map<String, String> files = all.computeIfAbsent(facet, k -> new java.util.TreeMap<>());
            StoreFiles.snapshot(f).forEach((k, v) -> files.put(dir + "/" + k, v));
          }
        }
      }
    }
    return all;
  }

  // ---- tool facets

  private static Gen<Emission> toolFacetEmissions() {
    Gen<Facet> toolFacets = Gen.zip(Gen.identifiers(1, 8), Gen.identifiers(1, 8),
        (a, b) -> new Facet("com.example-" + a.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "." + "z" + b.toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    return d -> {
      KeyMaterial km = d.draw(Emission.MATERIALS);
      return Emission.of(d.draw(ModelGens.producers()), Emission.withFacet(km, d.draw(toolFacets)), d.draw(Emission.OUTPUTS));
    };
  }

  static void toolFacet(CheckContext ctx, Emission e) throws Exception {
    Path store = ctx.newStore();
    Expect.equal(EmitOutcome.CREATED, ctx.testee().emit(store, e.encoded(), e.blobs()).outcome(),
        "emitting a record of the tool facet " + e.facet());
    Expect.that(Files.isRegularFile(StoreFiles.record(store, e.facet(), e.key())), "no record file for facet " + e.facet());
    RequestResult r = ctx.testee().request(store, e.record().subject(), e.facet(), e.record().keyMaterial());
    Expect.that(r.isHit(), "requesting the record of tool facet " + e.facet() + " missed: " + r.missReason().orElse(""));
    Expect.equal(e.record(), r.decodedRecord().orElseThrow(), "the record of the hit");
  }

}

package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Output;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Record;
import dev.ibridge.property.Gen;
import dev.ibridge.store.EmitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an emit reports and what it leaves at the record's path (spec/store.adoc, issue #14): the
 * byte counts of each outcome, the bytes of the record file, and damage at the record's path.
 */
final class EmitChecks {
  private EmitChecks() {}

  private static final Set<Operation> EMIT = Set.of(Operation.EMIT);
  private static final Producer OTHER = new Producer("other-activity", "conformance-runner", "1");

  /** A record whose outputs share a blob, another with other outputs under its key, and a third reusing its blobs. */
  record CountCase(Emission first, Emission conflicting, Emission reusing) {
    @Override
    public String toString() {
      return "first " + first + "; conflicting " + conflicting + "; reusing " + reusing;
    }
  }

  static List<Check> all() {
    return List.of(
        new PropertyCheck<>(
            required("REQ-STORE-094.CountsEachBlobOnce",
                "Emit counts each distinct blob once, as written or as deduplicated, for CREATED and ALREADY_PRESENT, "
                    + "and 0 and 0 for CONFLICT, when two outputs name one blob",
                "REQ-STORE-094", "REQ-STORE-012"),
            EMIT, countCases(), 20, 100, String::valueOf, EmitChecks::counts),
        new PropertyCheck<>(
            required("REQ-STORE-095.StoresTheBytesItWasGiven",
                "The record file an emit creates holds exactly the bytes emitted, a later minor's field included",
                "REQ-STORE-095", "REQ-EVOL-007"),
            EMIT, Emission.EMISSIONS, 10, 50, String::valueOf, EmitChecks::verbatim),
        new PropertyCheck<>(
            required("REQ-STORE-097.ReplacesWhatIsNotTheRecordOfItsPath",
                "A record of another key, or a symbolic link, at a record's path is damage that the emit replaces, "
                    + "answering CREATED",
                "REQ-STORE-097", "REQ-STORE-011", "REQ-STORE-081"),
            Set.of(Operation.EMIT, Operation.REQUEST), Gen.zip(Emission.EMISSIONS, Emission.EMISSIONS, List::of),
            10, 50, String::valueOf, (ctx, pair) -> damageAtPath(ctx, pair.get(0), pair.get(1))));
  }

  // ---- REQ-STORE-094

  private static Gen<CountCase> countCases() {
    return d -> {
      Emission first = Emission.of(d.draw(ModelGens.producers()), d.draw(Emission.MATERIALS), d.draw(Emission.SHARING_OUTPUTS));
      List<Emission.Made> others = new ArrayList<>(d.draw(Emission.SHARING_OUTPUTS));
      others.removeIf(m -> m.name().equals("conflicting.bin"));
      others.add(new Emission.Made("conflicting.bin", Bytes.wrap(d.draw(Gen.bytes(1, 64))), true));
      Emission conflicting = Emission.of(first.record().producer(), first.record().keyMaterial(), others);
      List<Emission.Made> reused = new ArrayList<>();
      List<Output> firsts = first.record().outputs();
      for (int i = 0; i < firsts.size(); i++) {
        Output o = firsts.get(i);
        reused.add(new Emission.Made("again-" + i + ".bin", first.contents().get(o.blob().digest()), o.observable()));
      }
      reused.add(new Emission.Made("new.bin", Bytes.wrap(d.draw(Gen.bytes(0, 64))), false));
      Emission reusing = Emission.of(d.draw(ModelGens.producers()), d.draw(Emission.MATERIALS), reused);
      return new CountCase(first, conflicting, reusing);
    };
  }

  /** The sizes of the distinct blobs of {@code e} that {@code held} contains, and of those it does not. */
  private static long[] distinctSizes(Emission e, Set<Digest> held) {
    long[] sizes = new long[2];
    Set<Digest> seen = new HashSet<>();
    for (Output o : e.record().outputs()) {
      if (seen.add(o.blob().digest())) {
        sizes[held.contains(o.blob().digest()) ? 1 : 0] += o.blob().size();
      }
    }
    return sizes;
  }

  private static void expectCounts(EmitResult r, EmitOutcome outcome, long written, long deduplicated, String what) {
    Expect.equal(outcome, r.outcome(), "the outcome of " + what);
    Expect.equal(List.of(written, deduplicated), List.of(r.bytesWritten(), r.bytesDeduplicated()),
        "[bytes written, bytes deduplicated] of " + what + " (each distinct blob counts once)");
  }

  static void counts(CheckContext ctx, CountCase c) throws Exception {
    Path store = ctx.newStore();
    Testee t = ctx.testee();
    Set<Digest> held = new HashSet<>();
    long[] first = distinctSizes(c.first(), held);
    expectCounts(t.emit(store, c.first().encoded(), c.first().blobs()), EmitOutcome.CREATED, first[0], first[1],
        "the first emit of a record whose outputs share a blob");
    held.addAll(c.first().contents().keySet());
    long[] again = distinctSizes(c.first(), held);
    Emission same = c.first().producedBy(OTHER);
    expectCounts(t.emit(store, same.encoded(), same.blobs()), EmitOutcome.ALREADY_PRESENT, again[0], again[1],
        "emitting the same record again, from another producer");
    if (!c.conflicting().record().outputs().equals(c.first().record().outputs())) {
      expectCounts(t.emit(store, c.conflicting().encoded(), c.conflicting().blobs()), EmitOutcome.CONFLICT, 0, 0,
          "emitting other outputs under the same key");
    }
    if (!c.reusing().key().equals(c.first().key())) {
      long[] reusing = distinctSizes(c.reusing(), held);
      expectCounts(t.emit(store, c.reusing().encoded(), c.reusing().blobs()), EmitOutcome.CREATED, reusing[0], reusing[1],
          "emitting another record that names the stored blobs again, each twice");
    }
    // A missing blob that an ALREADY_PRESENT emit brings back is written, once.
    Digest victim = c.first().record().outputs().get(0).blob().digest();
    Files.delete(StoreFiles.blob(store, victim));
    held.remove(victim);
    long[] repaired = distinctSizes(c.first(), held);
    expectCounts(t.emit(store, c.first().encoded(), c.first().blobs()), EmitOutcome.ALREADY_PRESENT, repaired[0], repaired[1],
        "emitting the record again after its shared blob " + victim + " was deleted");
  }

  // ---- REQ-STORE-095

  static void verbatim(CheckContext ctx, Emission e) throws Exception {
    Path store = ctx.newStore();
    CapnpWords words = CapnpWords.of(e.encoded().toByteArray());
    words.extendRoot(1, "a field of version 1.1");
    byte[] extended = words.framed();
    Expect.equal(EmitOutcome.CREATED, ctx.testee().emit(store, Bytes.wrap(extended), e.blobs()).outcome(),
        "the outcome of emitting a record with a field of a later minor version");
    Path file = StoreFiles.record(store, e.facet(), e.key());
    Expect.that(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), "no record file at " + store.relativize(file));
    byte[] stored = Files.readAllBytes(file);
    Expect.that(Arrays.equals(extended, stored), "the record file holds " + stored.length + " bytes that are not the "
        + extended.length + " bytes emitted (a re-encoding drops the later minor's field)");
  }

  // ---- REQ-STORE-097

  static void damageAtPath(CheckContext ctx, Object first, Object second) throws Exception {
    Emission e = (Emission) first;
    Emission other = (Emission) second;
    if (other.key().equals(e.key())) {
      return;
    }
    Testee t = ctx.testee();
    // A record of another key, with its blobs, copied to e's path.
    Path store = ctx.newStore();
    Expect.equal(EmitOutcome.CREATED, t.emit(store, other.encoded(), other.blobs()).outcome(), "emitting " + other);
    Path file = StoreFiles.record(store, e.facet(), e.key());
    Files.createDirectories(file.getParent());
    Files.write(file, other.encoded().toByteArray());
    Expect.equal(EmitOutcome.CREATED, t.emit(store, e.encoded(), e.blobs()).outcome(),
        "emitting a record whose path holds a record of another key");
    requireRecordAt(ctx, store, e, "after the emit over a record of another key");
    // A symbolic link to a file outside the store that holds exactly this record.
    Path linked = ctx.newStore();
    Files.createDirectories(linked);
    Path outside = linked.resolveSibling("outside-record");
    byte[] bytes = e.encoded().toByteArray();
    Files.write(outside, bytes);
    Expect.equal(EmitOutcome.CREATED, t.emit(linked, other.encoded(), other.blobs()).outcome(), "emitting " + other);
    Path link = StoreFiles.record(linked, e.facet(), e.key());
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, outside);
    Expect.equal(EmitOutcome.CREATED, t.emit(linked, e.encoded(), e.blobs()).outcome(),
        "emitting a record whose path is a symbolic link to a file holding that record");
    Expect.that(!Files.isSymbolicLink(link), "the symbolic link at " + linked.relativize(link) + " is still there after the emit");
    Expect.that(Arrays.equals(bytes, Files.readAllBytes(outside)), "the emit changed the file the link pointed to");
    requireRecordAt(ctx, linked, e, "after the emit over a symbolic link");
  }

  private static void requireRecordAt(CheckContext ctx, Path store, Emission e, String after) throws Exception {
    Path file = StoreFiles.record(store, e.facet(), e.key());
    Expect.that(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), "no regular record file at " + store.relativize(file) + " " + after);
    Record stored = CapnpCodec.decodeRecord(Files.readAllBytes(file));
    Expect.equal(e.record(), stored, "the record at " + store.relativize(file) + " " + after);
    RequestResult r = ctx.testee().request(store, e.record().subject(), e.facet(), e.record().keyMaterial());
    Expect.that(r.isHit(), "a request for the record missed " + after + ": " + r.missReason().orElse(""));
    Expect.equal(e.key() + "\n", Files.readString(StoreFiles.head(store, e.facet(), e.record().subject())),
        "the head " + after);
  }
}

package dev.ibridge.conformance.checks;

import static dev.ibridge.conformance.checks.Catalog.required;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.conformance.harness.Operation;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Record;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Checks of the reader's side of schema evolution: data written under a later minor version of
 * major 1, which may only add fields at new ordinals, reads as the data without them.
 */
final class EvolutionChecks {
  private EvolutionChecks() {}

  static List<Check> all() {
    return List.of(new PropertyCheck<>(
        required("REQ-EVOL-007.ReadsRecordsOfALaterMinor",
            "A record whose root struct carries a data word and a text pointer beyond version 1's fields is stored and "
                + "served like the record without them",
            "REQ-EVOL-007"),
        Set.of(Operation.EMIT, Operation.REQUEST), Emission.EMISSIONS, 5, 50, String::valueOf, EvolutionChecks::laterMinor));
  }

  static void laterMinor(CheckContext ctx, Emission e) throws Exception {
    Path store = ctx.newStore();
    CapnpWords words = CapnpWords.of(e.encoded().toByteArray());
    words.extendRoot(1, "a field of version 1.1");
    Bytes extended = Bytes.wrap(words.framed());
    Expect.equal(e.record(), CapnpCodec.decodeRecord(extended.toByteArray()), "the runner's own reading of the extended record");
    Expect.equal(EmitOutcome.CREATED, ctx.testee().emit(store, extended, e.blobs()).outcome(),
        "the outcome of emitting a record with a field of a later minor version");
    RequestResult r = ctx.testee().request(store, e.record().subject(), e.facet(), e.record().keyMaterial());
    Expect.that(r.record().isPresent(), "the request for the record emitted with a later minor's field missed: " + r);
    Record served = CapnpCodec.decodeRecord(r.record().get().toByteArray());
    Expect.equal(e.record(), served, "the record the testee serves, read without the later minor's field");
  }
}

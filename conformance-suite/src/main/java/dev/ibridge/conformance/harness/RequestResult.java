package dev.ibridge.conformance.harness;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Record;
import dev.ibridge.model.RequestOutcome;
import java.util.Objects;
import java.util.Optional;

/**
 * A testee's answer to a request: a hit with the record found (Cap'n Proto encoded, as the
 * testee's store holds it), or a miss with a reason.
 */
public record RequestResult(RequestOutcome outcome, Optional<Bytes> record, Optional<String> missReason) {
  public RequestResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(missReason, "missReason");
    if ((outcome == RequestOutcome.HIT) != record.isPresent()) {
      throw new IllegalArgumentException("a hit carries a record and a miss does not, got " + outcome
          + (record.isPresent() ? " with a record" : " without a record"));
    }
  }

  public static RequestResult hit(Bytes record) {
    return new RequestResult(RequestOutcome.HIT, Optional.of(record), Optional.empty());
  }

  public static RequestResult miss(String reason) {
    return new RequestResult(RequestOutcome.MISS, Optional.empty(), Optional.of(reason));
  }

  public boolean isHit() {
    return outcome == RequestOutcome.HIT;
  }

  /** The record of a hit, decoded. */
  public Optional<Record> decodedRecord() throws DecodeException {
    return record.isEmpty() ? Optional.empty() : Optional.of(CapnpCodec.decodeRecord(record.get().toByteArray()));
  }
}

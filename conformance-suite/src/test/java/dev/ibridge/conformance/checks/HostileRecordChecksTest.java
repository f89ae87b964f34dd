package dev.ibridge.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Limits;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The hostile records aim where they claim: the reference decoder rejects each damage at the field
 * it attacks (so a testee that skipped that one rule would accept the record), and the word
 * surgery itself is sound: untouched words frame back to the same bytes, a text at the limit decodes.
 */
class HostileRecordChecksTest {
  private static final long SEED = 4_242L;
  private static final List<Emission> EMISSIONS =
      Emission.EMISSIONS.filter(e -> !e.record().outputs().isEmpty()).samples(SEED, 20);

  private static <K> void rejectedAt(K[] kinds, Function<HostileRecordChecks.Case<K>, HostileRecordChecks.Damaged> damage,
      String where) {
    long n = 0;
    for (Emission e : EMISSIONS) {
      for (K kind : kinds) {
        HostileRecordChecks.Damaged d = damage.apply(new HostileRecordChecks.Case<>(e, kind, (n++ * 0x9E3779B97F4A7C15L) >>> 1));
        assertThatThrownBy(() -> CapnpCodec.decodeRecord(d.bytes()))
            .as("seed %d: %s", SEED, d.what())
            .isInstanceOf(DecodeException.class)
            .hasMessageContaining(where);
      }
    }
  }

  @Test
  void untouchedWordsFrameBackToTheSameBytes() {
    for (Emission e : EMISSIONS) {
      byte[] bytes = e.encoded().toByteArray();
      assertThat(CapnpWords.of(bytes).framed()).as("seed %d: %s", SEED, e).isEqualTo(bytes);
    }
  }

  @Test
  void aTextAtTheLimitDecodes() throws Exception {
    String text = "\u00e9".repeat(Limits.MAX_TEXT_BYTES / 2);
    CapnpWords w = CapnpWords.of(EMISSIONS.get(0).encoded().toByteArray());
    w.pointAtText(w.struct(w.struct(CapnpWords.root()).pointer(0)).pointer(1), text);
    assertThat(CapnpCodec.decodeRecord(w.framed()).producer().tool()).isEqualTo(text);
  }

  @Test
  void nullPointersAreRejectedAtTheField() {
    rejectedAt(HostileRecordChecks.NullField.values(), HostileRecordChecks::nullPointer, "missing");
  }

  @Test
  void unknownEnumerantsAreRejectedAtTheAlgorithm() {
    rejectedAt(HostileRecordChecks.DigestField.values(), HostileRecordChecks::unknownEnumerant, ".algorithm");
  }

  @Test
  void wrongLengthDigestsAreRejectedAtTheValue() {
    rejectedAt(HostileRecordChecks.DigestField.values(), HostileRecordChecks::wrongLengthDigest, ".value");
  }

  @Test
  void hugeSizesAreRejectedAtTheSize() {
    rejectedAt(new Integer[] {0}, HostileRecordChecks::hugeSize, ".blob.size");
  }

  @Test
  void overlongTextIsRejectedAtTheProducer() {
    rejectedAt(new Integer[] {0, 1, 2, 3, 4, 5}, HostileRecordChecks::overlongText, "record.producer.");
  }

  @Test
  void amplificationIsRejected() {
    rejectedAt(HostileRecordChecks.Amplification.values(), HostileRecordChecks::amplification, "");
  }
}

package dev.ibridge.avro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.JournalEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecRoundTripTest {

  static Stream<Arguments> values() {
    List<Arguments> all = new ArrayList<>();
    all.add(Arguments.of("full key material", AvroCodec.KEY_MATERIAL, Samples.fullMaterial()));
    all.add(Arguments.of("empty key material", AvroCodec.KEY_MATERIAL, Samples.emptyMaterial()));
    all.add(Arguments.of("unicode key material", AvroCodec.KEY_MATERIAL, Samples.unicodeMaterial()));
    all.add(Arguments.of("manifest", AvroCodec.OUTPUT_MANIFEST, Samples.manifest()));
    all.add(Arguments.of("empty manifest", AvroCodec.OUTPUT_MANIFEST, Samples.emptyManifest()));
    all.add(Arguments.of("whole-unit subject", AvroCodec.SUBJECT, Samples.WHOLE));
    all.add(Arguments.of("module subject", AvroCodec.SUBJECT, Samples.MODULE));
    all.add(Arguments.of("unicode module subject", AvroCodec.SUBJECT, Samples.UNICODE_MODULE));
    for (JournalEvent e : Samples.session("s-1")) {
      all.add(Arguments.of("journal " + e.event().getClass().getSimpleName() + " #" + e.sequence(),
          AvroCodec.JOURNAL_EVENT, e));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  @Tag("REQ-AVRO-001")
  <T> void binaryRoundTripsAndIsStable(String name, AvroCodec<T> codec, T value) throws DecodeException {
    byte[] bytes = codec.encodeBinary(value);
    T back = codec.decodeBinary(bytes);
    assertThat(back).isEqualTo(value);
    assertThat(codec.encodeBinary(back)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  @Tag("REQ-AVRO-002")
  <T> void singleObjectCarriesMarkerFingerprintAndBody(String name, AvroCodec<T> codec, T value)
      throws DecodeException {
    byte[] message = codec.encodeSingleObject(value);
    assertThat(message[0] & 0xFF).isEqualTo(0xC3);
    assertThat(message[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint)
        .isEqualTo(codec.fingerprint())
        .isEqualTo(SchemaNormalization.parsingFingerprint64(codec.schema()));
    assertThat(Arrays.copyOfRange(message, 10, message.length)).isEqualTo(codec.encodeBinary(value));
    assertThat(codec.decodeSingleObject(message)).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  @Tag("REQ-AVRO-003")
  <T> void jsonRoundTrips(String name, AvroCodec<T> codec, T value) throws DecodeException {
    String json = codec.encodeJson(value);
    assertThat(codec.decodeJson(json)).isEqualTo(value);
    assertThat(codec.encodeJson(codec.decodeJson(json))).isEqualTo(json);
  }

  @Test
  @Tag("REQ-AVRO-003")
  void jsonShowsUnsetVariablesAsNullAndUnionsByTypeName() {
    String json = AvroCodec.KEY_MATERIAL.encodeJson(Samples.fullMaterial());
    assertThat(json)
        .contains("{\"dev.ibridge.protocol.EnvInput\":{\"name\":\"RUSTFLAGS\",\"value\":null}}")
        .contains("{\"dev.ibridge.protocol.EnvInput\":{\"name\":\"CARGO_PKG_NAME\",\"value\":{\"string\":\"core\"}}}")
        .contains("\"modulePath\":\"parser::lexer\"");
  }

  @Test
  @Tag("REQ-AVRO-002")
  void eachMessageTypeHasItsOwnFingerprint() {
    List<Long> fingerprints = Stream.of(AvroCodec.KEY_MATERIAL, AvroCodec.OUTPUT_MANIFEST,
        AvroCodec.JOURNAL_EVENT, AvroCodec.SUBJECT).map(AvroCodec::fingerprint).distinct().toList();
    assertThat(fingerprints).hasSize(4);
  }
}

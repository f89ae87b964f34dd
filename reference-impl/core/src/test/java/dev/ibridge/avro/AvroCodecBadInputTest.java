package dev.ibridge.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.ibridge.codec.DecodeException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("REQ-AVRO-004")
class AvroCodecBadInputTest {
  private static final List<AvroCodec<?>> CODECS = List.of(
      AvroCodec.KEY_MATERIAL, AvroCodec.OUTPUT_MANIFEST, AvroCodec.JOURNAL_EVENT, AvroCodec.SUBJECT);

  @Test
  void everyTruncationOfEveryFormIsADecodeError() {
    byte[] binary = AvroCodec.KEY_MATERIAL.encodeBinary(Samples.fullMaterial());
    byte[] message = AvroCodec.KEY_MATERIAL.encodeSingleObject(Samples.fullMaterial());
    String json = AvroCodec.KEY_MATERIAL.encodeJson(Samples.fullMaterial());
    for (int n = 0; n < binary.length; n++) {
      byte[] cut = Arrays.copyOf(binary, n);
      assertThatThrownBy(() -> AvroCodec.KEY_MATERIAL.decodeBinary(cut))
          .as("binary cut to %d bytes", n).isInstanceOf(DecodeException.class);
    }
    for (int n = 0; n < message.length; n++) {
      byte[] cut = Arrays.copyOf(message, n);
      assertThatThrownBy(() -> AvroCodec.KEY_MATERIAL.decodeSingleObject(cut))
          .as("message cut to %d bytes", n).isInstanceOf(DecodeException.class);
    }
    for (int n = 0; n < json.length(); n += 7) {
      String cut = json.substring(0, n);
      assertThatThrownBy(() -> AvroCodec.KEY_MATERIAL.decodeJson(cut))
          .as("JSON cut to %d chars", n).isInstanceOf(DecodeException.class);
    }
  }

  @Test
  void truncationReportsTheOffsetWhereTheInputEnds() {
    byte[] binary = AvroCodec.SUBJECT.encodeBinary(Samples.MODULE);
    DecodeException e = decodeError(() -> AvroCodec.SUBJECT.decodeBinary(Arrays.copyOf(binary, 10)));
    assertThat(e.offset()).isBetween(0L, 10L);
    assertThat(e.getMessage()).contains("at byte");
  }

  @Test
  void randomBytesAreRejectedOrDecodedNeverLeaked() {
    long seed = Long.getLong("ibridge.seed", System.nanoTime());
    Random random = new Random(seed);
    try {
      for (int i = 0; i < 3000; i++) {
        byte[] junk = new byte[random.nextInt(64)];
        random.nextBytes(junk);
        if (i % 2 == 0 && junk.length >= 2) {
          junk[0] = (byte) 0xC3;
          junk[1] = 0x01;
        }
        for (AvroCodec<?> codec : CODECS) {
          decodeOrReject(() -> codec.decodeBinary(junk));
          decodeOrReject(() -> codec.decodeSingleObject(junk));
        }
      }
    } catch (AssertionError | RuntimeException e) {
      fail("seed " + seed + "; replay: mvn -o -q -pl reference-impl/core -am test "
          + "-Dtest=AvroCodecBadInputTest -Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=" + seed, e);
    }
  }

  @Test
  void randomMutationsOfAValidEncodingAreRejectedOrDecoded() {
    long seed = Long.getLong("ibridge.seed", System.nanoTime());
    Random random = new Random(seed);
    byte[] valid = AvroCodec.JOURNAL_EVENT.encodeBinary(Samples.session("s").get(2));
    try {
      for (int i = 0; i < 3000; i++) {
        byte[] mutated = valid.clone();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
        }
        decodeOrReject(() -> AvroCodec.JOURNAL_EVENT.decodeBinary(mutated));
      }
    } catch (AssertionError | RuntimeException e) {
      fail("seed " + seed + "; replay: mvn -o -q -pl reference-impl/core -am test "
          + "-Dtest=AvroCodecBadInputTest -Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=" + seed, e);
    }
  }

  @Test
  void aLengthPrefixNear2To31IsRejectedWithoutAllocating() {
    // Subject starts with the packageId string: its length prefix is the first varint.
    byte[] bytes = {(byte) 0xE0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 'a', 'b', 'c'};
    DecodeException e = decodeError(() -> AvroCodec.SUBJECT.decodeBinary(bytes));
    assertThat(e.getMessage()).contains("string length 2147483632 exceeds the 3 bytes that remain");
    assertThat(e.offset()).isZero();
    byte[] message = withHeader(AvroCodec.SUBJECT, bytes);
    assertThat(decodeError(() -> AvroCodec.SUBJECT.decodeSingleObject(message)).offset()).isEqualTo(10);
  }

  @Test
  void aHugeArrayCountIsRejected() {
    byte[] prefix = AvroCodec.OUTPUT_MANIFEST.encodeBinary(Samples.emptyManifest());
    // protocolMajor, then an array block claiming 0x7FFFFFF0 items with nothing after it.
    byte[] bytes = {prefix[0], (byte) 0xE0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0};
    DecodeException e = decodeError(() -> AvroCodec.OUTPUT_MANIFEST.decodeBinary(bytes));
    assertThat(e.getMessage()).contains("claims 2147483632 items");
    assertThat(e.offset()).isEqualTo(1);
  }

  @Test
  void anIntThatOverflows32BitsIsRejected() {
    byte[] good = AvroCodec.OUTPUT_MANIFEST.encodeBinary(Samples.emptyManifest());
    // protocolMajor as a five-byte varint whose last byte carries bits beyond bit 31.
    byte[] bytes = {(byte) 0x82, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10, good[1]};
    DecodeException e = decodeError(() -> AvroCodec.OUTPUT_MANIFEST.decodeBinary(bytes));
    assertThat(e.getMessage()).contains("does not fit in 32 bits");
    assertThat(e.offset()).isZero();
  }

  @Test
  void aMessageOverTheSizeLimitIsRejectedUnread() {
    byte[] huge = new byte[dev.ibridge.model.Limits.MAX_MESSAGE_BYTES + 1];
    assertThat(decodeError(() -> AvroCodec.SUBJECT.decodeBinary(huge)).getMessage())
        .contains("more than the limit");
    assertThat(decodeError(() -> AvroCodec.SUBJECT.decodeSingleObject(huge)).getMessage())
        .contains("more than the limit");
  }

  @Test
  void anUnknownFingerprintIsNamedInHex() {
    byte[] message = AvroCodec.SUBJECT.encodeSingleObject(Samples.WHOLE);
    DecodeException e = decodeError(() -> AvroCodec.KEY_MATERIAL.decodeSingleObject(message));
    assertThat(e.getMessage())
        .contains(String.format("unknown schema fingerprint %016x", AvroCodec.SUBJECT.fingerprint()))
        .contains(String.format("%016x", AvroCodec.KEY_MATERIAL.fingerprint()));
    assertThat(e.offset()).isEqualTo(2);
  }

  @Test
  void aWrongMarkerIsRejected() {
    byte[] message = AvroCodec.SUBJECT.encodeSingleObject(Samples.WHOLE);
    message[1] = 0x02;
    assertThat(decodeError(() -> AvroCodec.SUBJECT.decodeSingleObject(message)).getMessage())
        .contains("c3 02, not c3 01");
  }

  @Test
  void bytesOfAnotherTypeAreRejected() {
    byte[] subject = AvroCodec.SUBJECT.encodeBinary(Samples.MODULE);
    decodeError(() -> AvroCodec.KEY_MATERIAL.decodeBinary(subject));
    byte[] material = AvroCodec.KEY_MATERIAL.encodeBinary(Samples.fullMaterial());
    decodeError(() -> AvroCodec.SUBJECT.decodeBinary(material));
    String json = AvroCodec.SUBJECT.encodeJson(Samples.MODULE);
    decodeError(() -> AvroCodec.KEY_MATERIAL.decodeJson(json));
    decodeError(() -> AvroCodec.OUTPUT_MANIFEST.decodeJson(json));
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] bytes = AvroCodec.SUBJECT.encodeBinary(Samples.WHOLE);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    DecodeException e = decodeError(() -> AvroCodec.SUBJECT.decodeBinary(longer));
    assertThat(e.getMessage()).contains("1 trailing bytes");
    assertThat(e.offset()).isEqualTo(bytes.length);
    byte[] message = AvroCodec.SUBJECT.encodeSingleObject(Samples.WHOLE);
    decodeError(() -> AvroCodec.SUBJECT.decodeSingleObject(Arrays.copyOf(message, message.length + 2)));
    String json = AvroCodec.SUBJECT.encodeJson(Samples.WHOLE);
    decodeError(() -> AvroCodec.SUBJECT.decodeJson(json + " {}"));
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[] bytes = AvroCodec.SUBJECT.encodeBinary(Samples.WHOLE);
    // The first string is packageId; its first character follows the one-byte length.
    bytes[1] = (byte) 0xC0;
    DecodeException e = decodeError(() -> AvroCodec.SUBJECT.decodeBinary(bytes));
    assertThat(e.getMessage()).contains("not valid UTF-8");
    assertThat(e.offset()).isEqualTo(1);
  }

  @Test
  @Tag("REQ-KEY-010")
  void aValueBreakingAModelRuleIsADecodeError() throws Exception {
    // Well-formed Avro whose config entries are out of order: the model refuses it.
    var km = ProtocolMapper.toAvro(Samples.fullMaterial());
    var config = new java.util.ArrayList<>(km.getConfig());
    java.util.Collections.reverse(config);
    var unsorted = new dev.ibridge.protocol.KeyMaterial(km.getProtocolMajor(), km.getSubject(),
        km.getFacet(), km.getToolchain(), config, km.getInputs(), km.getReads());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    new SpecificDatumWriter<>(dev.ibridge.protocol.KeyMaterial.class).write(unsorted, enc);
    byte[] bytes = out.toByteArray();
    assertThat(decodeError(() -> AvroCodec.KEY_MATERIAL.decodeBinary(bytes)).getMessage())
        .contains("not in canonical order");
    assertThat(decodeError(() -> AvroCodec.KEY_MATERIAL.decodeSingleObject(
        withHeader(AvroCodec.KEY_MATERIAL, bytes))).getMessage()).contains("not in canonical order");
  }

  @Test
  void malformedJsonIsADecodeError() {
    for (String json : List.of("", "null", "[]", "{", "{\"unit\":1}", "\"x\"", "{} {}",
        "{\"unit\":{\"packageId\":\"p\",\"targetName\":\"t\",\"targetKind\":\"lib\",\"targetTriple\":\"x\"}}")) {
      decodeError(() -> AvroCodec.SUBJECT.decodeJson(json));
    }
  }

  private static byte[] withHeader(AvroCodec<?> codec, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(10 + body.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xC3).put((byte) 0x01).putLong(codec.fingerprint()).put(body);
    return b.array();
  }

  interface Decode {
    Object run() throws DecodeException;
  }

  private static DecodeException decodeError(Decode d) {
    try {
      Object v = d.run();
      throw new AssertionError("expected a DecodeException, decoded " + v);
    } catch (DecodeException e) {
      return e;
    }
  }

  /** Garbage may by chance be a valid value; anything but a value or a DecodeException fails. */
  private static void decodeOrReject(Decode d) {
    try {
      assertThat(d.run()).isNotNull();
    } catch (DecodeException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}

package dev.ibridge.capnp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.capnp.schema.Ibridge;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.capnproto.MessageBuilder;
import org.capnproto.Serialize;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class CapnpCodecTest {

  @Test
  @Tag("REQ-CAPNP-001")
  void recordsRoundTrip() throws Exception {
    for (Record r : Samples.records()) {
      assertThat(CapnpCodec.decodeRecord(CapnpCodec.encodeRecord(r))).isEqualTo(r);
      assertThat(CapnpCodec.readRecord(channel(CapnpCodec.encodeRecord(r)))).isEqualTo(r);
    }
  }

  @Test
  void storeHeaderAndKeyMaterialRoundTrip() throws Exception {
    StoreHeader h = Samples.header();
    assertThat(CapnpCodec.decodeStoreHeader(CapnpCodec.encodeStoreHeader(h))).isEqualTo(h);
    for (Record r : Samples.records()) {
      assertThat(CapnpCodec.decodeKeyMaterial(CapnpCodec.encodeKeyMaterial(r.keyMaterial())))
          .isEqualTo(r.keyMaterial());
    }
  }

  @Test
  @Tag("REQ-CAPNP-002")
  void encodingIsOneSegmentAndDeterministic() {
    for (Record r : Samples.records()) {
      byte[] bytes = CapnpCodec.encodeRecord(r);
      assertThat(CapnpCodec.encodeRecord(r)).isEqualTo(bytes);
      ByteBuffer table = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(table.getInt(0)).as("segment count minus one").isZero();
      assertThat(8L + 8L * table.getInt(4)).isEqualTo(bytes.length);
    }
  }

  @Test
  @Tag("REQ-CAPNP-002")
  void aRecordLargerThanTheFirstSegmentStillEncodesAsOneSegment() throws Exception {
    Record big = withManyOutputs(1200);
    byte[] bytes = CapnpCodec.encodeRecord(big);
    assertThat(bytes.length).isGreaterThan(8 * 1024 * 8);
    assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0)).isZero();
    assertThat(CapnpCodec.decodeRecord(bytes)).isEqualTo(big);
  }

  @Test
  @Tag("REQ-CAPNP-003")
  void aMultiSegmentMessageFromAnotherWriterIsAccepted() throws Exception {
    Record r = Samples.rich();
    MessageBuilder message = new MessageBuilder(8); // tiny segments force many of them
    ToCapnp.record(r, message.initRoot(Ibridge.Record.factory));
    assertThat(message.getSegmentsForOutput().length).isGreaterThan(1);
    assertThat(CapnpCodec.decodeRecord(serialize(message))).isEqualTo(r);
  }

  @Test
  @Tag("REQ-CAPNP-001")
  void readRecordLeavesWhatFollowsTheMessageUnread() throws Exception {
    byte[] one = CapnpCodec.encodeRecord(Samples.minimal());
    byte[] two = CapnpCodec.encodeRecord(Samples.envOnly());
    ReadableByteChannel in = channel(concat(one, two));
    assertThat(CapnpCodec.readRecord(in)).isEqualTo(Samples.minimal());
    assertThat(CapnpCodec.readRecord(in)).isEqualTo(Samples.envOnly());
  }

  @Test
  @Tag("REQ-CAPNP-001")
  void bytesAfterTheMessageAreRejected() {
    byte[] bytes = CapnpCodec.encodeRecord(Samples.minimal());
    assertDecodeError(concat(bytes, new byte[8]), "8 bytes follow the message", bytes.length);
  }

  @Test
  @Tag("REQ-CAPNP-004")
  void everyTruncationIsADecodeError() {
    byte[] bytes = CapnpCodec.encodeRecord(Samples.rich());
    for (int length = 0; length < bytes.length; length++) {
      byte[] prefix = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> CapnpCodec.decodeRecord(prefix)).as("prefix of %d bytes", length)
          .isInstanceOf(DecodeException.class);
    }
  }

  @Test
  @Tag("REQ-CAPNP-004")
  void theSegmentTableIsCheckedBeforeAllocating() {
    assertDecodeError(new byte[0], "empty input", 0);
    assertDecodeError(table(512), "513 segments, more than the limit of 512", 0);
    assertDecodeError(table(0, 0), "segment 0 is empty", 4);
    long tooMany = Limits.MAX_MESSAGE_BYTES / 8 + 1;
    assertDecodeError(table(0, (int) tooMany), "the message size limit", 4);
    assertDecodeError(table(1, 10, -1), "the message size limit", 8);
    // Promises 64 MiB but holds 16 bytes: refused as truncated without allocating 64 MiB up front.
    byte[] lying = concat(table(0, Limits.MAX_MESSAGE_BYTES / 8), new byte[16]);
    assertDecodeError(lying, "truncated", 24);
  }

  @Test
  @Tag("REQ-CAPNP-005")
  void pointerCyclesHitTheNestingLimit() {
    // A root struct pointer whose target is itself: offset -1 from the end of the pointer.
    byte[] cycle = concat(table(0, 1), le64(0xFFFFFFFCL | (0L << 32) | (1L << 48)));
    assertDecodeError(cycle, "malformed Cap'n Proto message", -1);
  }

  @Test
  @Tag("REQ-CAPNP-005")
  void theReaderLimitsAreThoseTheSpecificationStates() {
    assertThat(StreamFraming.OPTIONS.traversalLimitInWords).isEqualTo(Limits.MAX_MESSAGE_BYTES / 8);
    assertThat(StreamFraming.OPTIONS.nestingLimit).isEqualTo(64);
  }

  @Test
  @Tag("REQ-CAPNP-006")
  void aMissingStructOrTextIsADecodeError() throws Exception {
    MessageBuilder message = new MessageBuilder();
    Ibridge.Record.Builder b = message.initRoot(Ibridge.Record.factory);
    ToCapnp.record(Samples.minimal(), b);
    b.initProducer(); // present, but its texts are null
    assertDecodeError(serialize(message), "record.producer.activity: missing", -1);

    MessageBuilder noProducer = new MessageBuilder();
    Ibridge.Record.Builder c = noProducer.initRoot(Ibridge.Record.factory);
    c.initInputKey();
    assertDecodeError(serialize(noProducer), "record.producer: missing", -1);

    MessageBuilder header = new MessageBuilder();
    header.initRoot(Ibridge.StoreHeader.factory).setProtocolMajor((short) 1);
    assertThatThrownBy(() -> CapnpCodec.decodeStoreHeader(serialize(header)))
        .isInstanceOf(DecodeException.class).hasMessageContaining("storeHeader.createdBy: missing");
  }

  @Test
  @Tag("REQ-CAPNP-007")
  void malformedUtf8IsRejectedNotReplaced() {
    byte[] bytes = CapnpCodec.encodeRecord(Samples.minimal());
    int at = indexOf(bytes, "cargo-ibridge".getBytes(StandardCharsets.US_ASCII));
    bytes[at + 5] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    assertDecodeError(bytes, "record.producer.tool: the text is not valid UTF-8", -1);

    byte[] surrogate = CapnpCodec.encodeRecord(Samples.minimal());
    int s = indexOf(surrogate, "cargo-ibridge".getBytes(StandardCharsets.US_ASCII));
    surrogate[s] = (byte) 0xED; // ED A0 80 encodes U+D800, which UTF-8 forbids
    surrogate[s + 1] = (byte) 0xA0;
    surrogate[s + 2] = (byte) 0x80;
    assertDecodeError(surrogate, "not valid UTF-8", -1);
  }

  @Test
  @Tag("REQ-CAPNP-007")
  void textWithNulIsRejected() {
    byte[] bytes = CapnpCodec.encodeRecord(Samples.minimal());
    bytes[indexOf(bytes, "cargo-ibridge".getBytes(StandardCharsets.US_ASCII)) + 2] = 0;
    assertDecodeError(bytes, "record.producer: tool contains NUL", -1);
  }

  @Test
  @Tag("REQ-CAPNP-007")
  void textLongerThanTheLimitIsRejectedBeforeDecoding() throws Exception {
    MessageBuilder message = new MessageBuilder();
    Ibridge.Record.Builder b = message.initRoot(Ibridge.Record.factory);
    ToCapnp.record(Samples.minimal(), b);
    b.getProducer().setToolVersion("v".repeat(Limits.MAX_TEXT_BYTES + 1));
    assertDecodeError(serialize(message), "record.producer.toolVersion: the text is 4097 bytes, more than the limit", -1);
  }

  @Test
  @Tag("REQ-CAPNP-008")
  void anUnknownEnumValueIsRejected() {
    byte[] bytes = CapnpCodec.encodeStoreHeader(Samples.header());
    bytes[16 + 4] = 1; // digestAlgorithm, bits [32, 48) of the root's data section
    assertThatThrownBy(() -> CapnpCodec.decodeStoreHeader(bytes)).isInstanceOf(DecodeException.class)
        .hasMessageContaining("storeHeader.digestAlgorithm: the enum value is not defined");
  }

  @Test
  @Tag("REQ-CAPNP-008")
  void anUnknownUnionMemberIsRejected() {
    byte[] bytes = CapnpCodec.encodeRecord(Samples.envOnly());
    // The inputs list: a tag word for 3 structs of 2 data words and 2 pointers, then the elements.
    int tag = indexOf(bytes, new byte[] {3 << 2, 0, 0, 0, 2, 0, 2, 0});
    bytes[tag + 8 + 32 + 8] = 2; // the second element's union tag, bits [64, 80)
    assertDecodeError(bytes, "record.keyMaterial.inputs[1]: the union holds a member that version 1", -1);
    bytes[tag + 8 + 32 + 8] = 1;
    bytes[tag + 8 + 32] = 5; // that element's env.value tag, bits [0, 16)
    assertDecodeError(bytes, "record.keyMaterial.inputs[1].env.value: the union holds a member", -1);
  }

  @Test
  @Tag("REQ-CAPNP-009")
  void listsOutOfCanonicalOrderAreRejected() throws Exception {
    Record r = Samples.rich();
    MessageBuilder message = new MessageBuilder();
    Ibridge.Record.Builder b = message.initRoot(Ibridge.Record.factory);
    ToCapnp.record(r, b);
    var config = b.getKeyMaterial().getConfig();
    String first = config.get(0).asReader().getName().toString();
    config.get(0).setName(config.get(1).asReader().getName().toString());
    config.get(1).setName(first);
    assertDecodeError(serialize(message), "record.keyMaterial: config is not in canonical order at index 1", -1);

    MessageBuilder duplicate = new MessageBuilder();
    Ibridge.Record.Builder d = duplicate.initRoot(Ibridge.Record.factory);
    ToCapnp.record(r, d);
    d.getOutputs().get(1).setName(d.getOutputs().get(0).asReader().getName().toString());
    assertDecodeError(serialize(duplicate), "record: outputs has a duplicate entry at index 1", -1);
  }

  @Test
  @Tag("REQ-CAPNP-009")
  void modelRulesAreCheckedOnRead() throws Exception {
    MessageBuilder message = new MessageBuilder();
    Ibridge.Record.Builder b = message.initRoot(Ibridge.Record.factory);
    ToCapnp.record(Samples.minimal(), b);
    b.getKeyMaterial().setFacet("Not A Facet");
    assertDecodeError(serialize(message), "record.keyMaterial.facet: facet name must be", -1);
  }

  @Test
  @Tag("REQ-CAPNP-010")
  void sizesAboveTheSignedRangeAndShortDigestsAreRejected() throws Exception {
    MessageBuilder message = new MessageBuilder();
    Ibridge.Record.Builder b = message.initRoot(Ibridge.Record.factory);
    ToCapnp.record(Samples.envOnly(), b);
    b.getOutputs().get(0).getBlob().setSize(-1L);
    assertDecodeError(serialize(message), "record.outputs[0].blob.size: 18446744073709551615 is larger", -1);

    b.getOutputs().get(0).getBlob().setSize(1);
    b.getOutputFingerprint().setValue(new byte[31]);
    assertDecodeError(serialize(message), "record.outputFingerprint.value: a sha256 digest is 32 bytes, this one is 31", -1);
  }

  @Test
  @Tag("REQ-CAPNP-004")
  void flippedBytesNeverLeakARuntimeException() {
    byte[] valid = CapnpCodec.encodeRecord(Samples.rich());
    long seed = 0x1b5eedL;
    java.util.Random random = new java.util.Random(seed);
    for (int i = 0; i < 1000; i++) {
      byte[] bytes = valid.clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
      }
      try {
        CapnpCodec.decodeRecord(bytes);
      } catch (DecodeException expected) {
        // the only acceptable failure
      } catch (RuntimeException | Error e) {
        throw new AssertionError("case " + i + " (seed " + seed + ") leaked " + e
            + "; replay: mvn -o -pl reference-impl/core -am test -Dtest=CapnpCodecTest#flippedBytesNeverLeakARuntimeException"
            + " -Dsurefire.failIfNoSpecifiedTests=false", e);
      }
    }
  }

  // ---- helpers ----

  static Record withManyOutputs(int n) {
    Record base = Samples.minimal();
    java.util.List<dev.ibridge.model.Output> outputs = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      outputs.add(new dev.ibridge.model.Output(String.format("out-%05d", i),
          new dev.ibridge.model.BlobRef(Samples.sha256("o" + i), i), i % 2 == 0));
    }
    return new Record(base.producer(), base.inputKey(), base.keyMaterial(), outputs, base.outputFingerprint());
  }

  private static void assertDecodeError(byte[] bytes, String message, long offset) {
    assertThatThrownBy(() -> CapnpCodec.decodeRecord(bytes))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((DecodeException) e).offset()).isEqualTo(offset));
  }

  /** A segment table: count minus one, then the given sizes, padded to a word. */
  private static byte[] table(int countMinusOne, int... sizes) {
    int words = (sizes.length + 2) / 2;
    ByteBuffer b = ByteBuffer.allocate(8 * words).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(countMinusOne);
    for (int size : sizes) {
      b.putInt(size);
    }
    return b.array();
  }

  private static byte[] le64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  static byte[] serialize(MessageBuilder message) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Serialize.write(Channels.newChannel(out), message);
    return out.toByteArray();
  }

  private static ReadableByteChannel channel(byte[] bytes) {
    return Channels.newChannel(new ByteArrayInputStream(bytes));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found");
  }
}

package dev.ibridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.avro.JournalFiles;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.codec.Encoding;
import dev.ibridge.codec.MessageType;
import dev.ibridge.json.RandomModel;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.StoreHeader;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AnyMessageTest {
  private static final int CASES = 60;

  private static Object sample(RandomModel gen, MessageType type) {
    return switch (type) {
      case RECORD -> gen.record();
      case STORE_HEADER -> gen.storeHeader();
      case KEY_MATERIAL -> gen.keyMaterial();
      case OUTPUT_MANIFEST -> gen.outputManifest();
      case JOURNAL_EVENT -> gen.journalEvent();
      case JOURNAL_FILE -> throw new IllegalArgumentException("not a single message");
    };
  }

  private static String replay(long seed, int i) {
    return "case " + i + " of seed " + seed + "; replay: mvn -o -q -pl reference-impl/core -am test"
        + " -Dtest=AnyMessageTest -Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=" + seed;
  }

  @ParameterizedTest
  @EnumSource(value = MessageType.class, names = "JOURNAL_FILE", mode = EnumSource.Mode.EXCLUDE)
  void everyEncodingRoundTrips(MessageType type) throws DecodeException {
    long seed = RandomModel.seed();
    RandomModel gen = new RandomModel(seed);
    for (int i = 0; i < CASES; i++) {
      Object value = sample(gen, type);
      for (Encoding encoding : type.encodings()) {
        byte[] bytes = AnyMessage.encode(type, encoding, value);
        assertThat(AnyMessage.decode(type, encoding, bytes)).as(encoding + ", " + replay(seed, i)).isEqualTo(value);
      }
      assertThat(AnyMessage.decode(type, AnyMessage.encode(type, value))).as(replay(seed, i)).isEqualTo(value);
    }
  }

  @ParameterizedTest
  @EnumSource(value = MessageType.class, names = "JOURNAL_FILE", mode = EnumSource.Mode.EXCLUDE)
  void detectRecognisesTheDefaultEncodingOfEveryType(MessageType type) throws DecodeException {
    long seed = RandomModel.seed();
    RandomModel gen = new RandomModel(seed);
    for (int i = 0; i < CASES; i++) {
      byte[] bytes = AnyMessage.encode(type, sample(gen, type));
      assertThat(AnyMessage.detect(bytes, "message.bin")).as(replay(seed, i)).isEqualTo(type);
      assertThat(AnyMessage.detect(bytes, null)).as(replay(seed, i)).isEqualTo(type);
    }
  }

  @Test
  void capnpKeyMaterialIsDetectedAndDecodedWithoutAMarker() throws DecodeException {
    long seed = RandomModel.seed();
    RandomModel gen = new RandomModel(seed);
    for (int i = 0; i < CASES; i++) {
      Object km = gen.keyMaterial();
      byte[] bytes = AnyMessage.encode(MessageType.KEY_MATERIAL, Encoding.CAPNP, km);
      assertThat(AnyMessage.detect(bytes, null)).as(replay(seed, i)).isEqualTo(MessageType.KEY_MATERIAL);
      assertThat(AnyMessage.decode(MessageType.KEY_MATERIAL, bytes)).as(replay(seed, i)).isEqualTo(km);
    }
  }

  @Test
  void aFileNamedStoreIsAStoreHeader() throws DecodeException {
    byte[] bytes = AnyMessage.encode(MessageType.STORE_HEADER, new RandomModel(1).storeHeader());
    assertThat(AnyMessage.detect(bytes, "STORE")).isEqualTo(MessageType.STORE_HEADER);
  }

  @Test
  void anAvroContainerIsAJournalFile() throws DecodeException {
    long seed = RandomModel.seed();
    RandomModel gen = new RandomModel(seed);
    List<JournalEvent> events = gen.journal("s1", 10);
    byte[] bytes = JournalFiles.encode("s1", events);

    assertThat(AnyMessage.detect(bytes, "s1.avro")).isEqualTo(MessageType.JOURNAL_FILE);
    assertThat(AnyMessage.decode(MessageType.JOURNAL_FILE, bytes)).as(replay(seed, 0)).isEqualTo(events);
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
    assertThat(AnyMessage.detect(cut, null)).isEqualTo(MessageType.JOURNAL_FILE);
    assertThatThrownBy(() -> AnyMessage.decode(MessageType.JOURNAL_FILE, cut)).isInstanceOf(DecodeException.class);
  }

  @Test
  void unknownFingerprintsAreNamed() {
    byte[] bytes = AnyMessage.encode(MessageType.OUTPUT_MANIFEST, new RandomModel(2).outputManifest());
    bytes[9] ^= 0x01;
    assertThatThrownBy(() -> AnyMessage.detect(bytes, null))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("unknown Avro schema fingerprint")
        .hasMessageContaining(String.format("%016x", AvroCodec.OUTPUT_MANIFEST.fingerprint()));
  }

  @Test
  void aSingleObjectOfAnotherTypeSaysWhatItIs() {
    byte[] bytes = AnyMessage.encode(MessageType.JOURNAL_EVENT, new RandomModel(3).journalEvent());
    assertThatThrownBy(() -> AnyMessage.decode(MessageType.KEY_MATERIAL, bytes))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("this is a journal event, not key material");
  }

  @Test
  void emptyAndTruncatedHeadersAreDecodeErrors() {
    assertThatThrownBy(() -> AnyMessage.detect(new byte[0], null)).isInstanceOf(DecodeException.class);
    byte[] marker = {(byte) 0xC3, 0x01, 0x12};
    assertThatThrownBy(() -> AnyMessage.detect(marker, null))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("truncated Avro single-object header");
  }

  @Test
  void everyPrefixOfARecordIsRejected() throws DecodeException {
    byte[] whole = AnyMessage.encode(MessageType.RECORD, new RandomModel(4).record());
    for (int n = 0; n < whole.length; n++) {
      byte[] prefix = Arrays.copyOf(whole, n);
      assertThatThrownBy(() -> AnyMessage.detect(prefix, null)).as("prefix of %d bytes", n).isInstanceOf(DecodeException.class);
    }
  }

  @Test
  void callerBugsAreIllegalArguments() {
    StoreHeader header = new RandomModel(5).storeHeader();
    assertThatThrownBy(() -> AnyMessage.encode(MessageType.STORE_HEADER, Encoding.AVRO_BINARY, header))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("avro-binary");
    assertThatThrownBy(() -> AnyMessage.encode(MessageType.RECORD, header))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("StoreHeader");
  }

  @Test
  void typeAndEncodingNamesRoundTrip() {
    assertThat(Arrays.stream(MessageType.values()).map(MessageType::label).map(MessageType::fromLabel))
        .containsExactly(MessageType.values());
    assertThat(Arrays.stream(Encoding.values()).map(Encoding::label).map(Encoding::fromLabel))
        .containsExactly(Encoding.values());
    assertThat(Arrays.stream(MessageType.values()).map((Function<MessageType, String>) MessageType::label))
        .containsExactly("record", "store-header", "key-material", "output-manifest", "journal-event", "journal");
    assertThatThrownBy(() -> MessageType.fromLabel("records"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("record, store-header");
  }
}

package dev.ibridge.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.internal.ProtocolData;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFilesTest {
  private static final String ID = "20260301T120000Z-4711";
  private static final List<JournalEvent> SESSION = Samples.session(ID);

  @Test
  @Tag("REQ-JOURNAL-001")
  void aJournalRoundTrips(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(ID + ".avro");
    JournalFiles.write(file, ID, SESSION);
    assertThat(JournalFiles.read(file)).isEqualTo(SESSION);
    assertThat(JournalFiles.decode(JournalFiles.encode(ID, SESSION))).isEqualTo(SESSION);
  }

  @Test
  @Tag("REQ-JOURNAL-001")
  void aJournalFlushedAfterEveryEventHasOneBlockPerEventAndTheSameEvents() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] sync = JournalFiles.syncMarker(ID);
    try (JournalWriter w = JournalFiles.open(out, ID)) {
      for (JournalEvent e : SESSION) {
        w.append(e);
        w.flush();
      }
    }
    byte[] bytes = out.toByteArray();
    assertThat(occurrences(bytes, sync)).isEqualTo(1 + SESSION.size());
    assertThat(JournalFiles.decode(bytes)).isEqualTo(SESSION);
  }

  @Test
  @Tag("REQ-JOURNAL-002")
  void theSyncMarkerComesFromTheSessionIdSoFilesAreReproducible() throws Exception {
    byte[] a = JournalFiles.encode(ID, SESSION);
    assertThat(JournalFiles.encode(ID, Samples.session(ID))).isEqualTo(a);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("ibridge journal sync marker\n".getBytes(StandardCharsets.UTF_8));
    byte[] expected = Arrays.copyOf(sha.digest(ID.getBytes(StandardCharsets.UTF_8)), 16);
    assertThat(JournalFiles.syncMarker(ID)).isEqualTo(expected);
    assertThat(occurrences(a, expected)).isEqualTo(2);
    assertThat(JournalFiles.syncMarker("other")).isNotEqualTo(expected);
  }

  @Test
  @Tag("REQ-JOURNAL-002")
  void aFileFromAStockAvroWriterWithARandomMarkerAndSmallBlocksIsRead() throws IOException {
    byte[] bytes = stockFile(SESSION, 64);
    assertThat(JournalFiles.decode(bytes)).isEqualTo(SESSION);
  }

  @Test
  @Tag("REQ-JOURNAL-003")
  void theWriterRefusesEventsOutOfOrder() throws IOException {
    JournalEvent start = SESSION.get(0);
    JournalEvent hit = SESSION.get(1);
    JournalEvent end = SESSION.get(SESSION.size() - 1);
    Instant t = start.timestamp();
    assertRefused(List.of(new JournalEvent(0, t, hit.event())), "first event must be SessionStarted");
    assertRefused(List.of(start, SESSION.get(2)), "event 1 has sequence number 2");
    assertRefused(List.of(start, new JournalEvent(1, t, new SessionStarted(ID, Samples.CHECK))), "second session");
    assertRefused(List.of(start, new JournalEvent(1, t, end.event()), new JournalEvent(2, t, hit.event())),
        "follows the SessionEnded");
    assertRefused(List.of(start, new JournalEvent(1, t, new SessionEnded("other", 0, 0, 0))), "\"other\"");
    assertRefused(List.of(new JournalEvent(0, t, new SessionStarted("other", Samples.CHECK))), "\"other\"");
    assertThatThrownBy(() -> JournalFiles.open(new ByteArrayOutputStream(), "../escape"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../escape");
  }

  @Test
  @Tag("REQ-JOURNAL-003")
  void theReaderRefusesEventsOutOfOrder() throws IOException {
    List<JournalEvent> swapped = new ArrayList<>(SESSION);
    swapped.set(1, SESSION.get(2));
    swapped.set(2, SESSION.get(1));
    assertThat(decodeError(stockFile(swapped, 64000)).getMessage()).contains("event 1 has sequence number 2");
    JournalEvent hitFirst = new JournalEvent(0, SESSION.get(1).timestamp(), SESSION.get(1).event());
    assertThat(decodeError(stockFile(List.of(hitFirst), 64000)).getMessage())
        .contains("first event must be SessionStarted");
  }

  @Test
  @Tag("REQ-JOURNAL-003")
  void aJournalCutShortAtASessionBoundaryIsStillValid() throws IOException {
    List<JournalEvent> crashed = SESSION.subList(0, 4);
    assertThat(JournalFiles.decode(JournalFiles.encode(ID, crashed))).isEqualTo(crashed);
  }

  @Test
  void everyTruncationIsADecodeErrorExceptAtABlockBoundary() throws IOException {
    byte[] bytes = JournalFiles.encode(ID, SESSION);
    int headerEnd = indexOf(bytes, JournalFiles.syncMarker(ID)) + 16;
    // Every cut inside the blocks, and inside the header (mostly schema text) every 7th byte and
    // every one of the 40 bytes around the end of the header.
    for (int n = 0; n < bytes.length; n += (n < headerEnd - 40 ? 7 : 1)) {
      byte[] cut = Arrays.copyOf(bytes, n);
      if (n == headerEnd) {
        assertThat(JournalFiles.decode(cut)).as("header only").isEmpty();
      } else {
        int len = n;
        assertThatThrownBy(() -> JournalFiles.decode(cut)).as("cut to %d bytes", len)
            .isInstanceOf(DecodeException.class);
      }
    }
  }

  @Test
  void randomCorruptionIsRejectedOrReadNeverLeaked() {
    long seed = Long.getLong("ibridge.seed", System.nanoTime());
    Random random = new Random(seed);
    byte[] valid = JournalFiles.encode(ID, SESSION);
    int headerEnd = indexOf(valid, JournalFiles.syncMarker(ID)) + 16;
    try {
      for (int i = 0; i < 400; i++) {
        byte[] bad = valid.clone();
        // Three in four runs corrupt the blocks only; the rest may hit the header's schema text.
        int from = i % 4 == 0 ? 0 : headerEnd;
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          bad[from + random.nextInt(bad.length - from)] = (byte) random.nextInt(256);
        }
        try {
          assertThat(JournalFiles.decode(bad)).isNotNull();
        } catch (DecodeException e) {
          assertThat(e.getMessage()).isNotBlank();
        }
      }
    } catch (AssertionError | RuntimeException e) {
      fail("seed " + seed + "; replay: mvn -o -q -pl reference-impl/core -am test -Dtest=JournalFilesTest "
          + "-Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=" + seed, e);
    }
  }

  @Test
  void aHugeBlockIsRejectedBeforeAllocating() throws IOException {
    byte[] header = JournalFiles.encode(ID, List.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header);
    out.write(new byte[] {2, (byte) 0xE0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 1, 2, 3});
    DecodeException e = decodeError(out.toByteArray());
    assertThat(e.getMessage()).contains("2147483632 bytes is out of range");
    assertThat(e.offset()).isEqualTo(header.length);
    // A plausible size the file does not hold is a truncation, found without reserving the size.
    out.reset();
    out.write(header);
    out.write(new byte[] {2, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x40, 1, 2, 3});
    assertThat(decodeError(out.toByteArray()).getMessage()).contains("file ends inside the block");
  }

  @Test
  void malformedContainersAreDecodeErrors() throws IOException {
    byte[] good = JournalFiles.encode(ID, SESSION);
    byte[] badMagic = good.clone();
    badMagic[3] = 2;
    assertThat(decodeError(badMagic).getMessage()).contains("not an Avro object container file");

    byte[] badSync = good.clone();
    badSync[badSync.length - 1] ^= 1;
    DecodeException sync = decodeError(badSync);
    assertThat(sync.getMessage()).contains("sync marker");
    assertThat(sync.offset()).isEqualTo(good.length - 16);

    assertThat(decodeError(stockFile(SESSION, 64000, CodecFactory.deflateCodec(1))).getMessage())
        .contains("uncompressed");

    ByteArrayOutputStream other = new ByteArrayOutputStream();
    try (DataFileWriter<dev.ibridge.protocol.Subject> w = new DataFileWriter<>(
        new SpecificDatumWriter<>(AvroCodec.SUBJECT.schema(), ProtocolData.INSTANCE))) {
      w.create(AvroCodec.SUBJECT.schema(), other);
      w.append(ProtocolMapper.toAvro(Samples.WHOLE));
    }
    assertThat(decodeError(other.toByteArray()).getMessage()).contains("cannot be read as");

    byte[] noSchema = good.clone();
    int at = indexOf(noSchema, "avro.schema".getBytes(StandardCharsets.US_ASCII));
    noSchema[at] = 'X';
    assertThat(decodeError(noSchema).getMessage()).contains("no avro.schema");

    assertThat(decodeError(new byte[0]).getMessage()).contains("file ends inside the magic");
  }

  @Test
  void aSchemaThatIsNotJsonIsOneLineInTheProjectsWordsNotTheParsersText() throws IOException {
    byte[] broken = JournalFiles.encode(ID, SESSION);
    int at = indexOf(broken, "{\"type\"".getBytes(StandardCharsets.US_ASCII));
    broken[at + 1] = 'x';
    String message = decodeError(broken).getMessage();
    assertThat(message)
        .startsWith("the container file's schema does not parse: it is not JSON: Unexpected character ('x'")
        .contains("(at character 1)")
        .doesNotContain("com.fasterxml", "jackson", "Source", "\n");
  }

  @Test
  @Tag("REQ-SEC-014")
  void aWriterSchemaWithAnotherDigestAlgorithmIsRefusedNotRelabelled() throws IOException {
    String json = AvroCodec.JOURNAL_EVENT.schema().toString();
    assertThat(json).contains("\"symbols\":[\"SHA256\"]");
    Schema widened = new Schema.Parser().parse(
        json.replace("\"symbols\":[\"SHA256\"]", "\"symbols\":[\"SHA256\",\"BLAKE3\"]"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<Object> w = new DataFileWriter<>(new org.apache.avro.generic.GenericDatumWriter<>(widened))) {
      w.create(widened, out);
      for (JournalEvent e : SESSION) {
        w.appendEncoded(java.nio.ByteBuffer.wrap(AvroCodec.JOURNAL_EVENT.encodeBinary(e)));
      }
    }
    assertThat(decodeError(out.toByteArray()).getMessage())
        .contains("enum dev.ibridge.protocol.DigestAlgorithm the symbols [BLAKE3]");
    assertThat(JournalFiles.decode(stockFile(SESSION, 64000))).isEqualTo(SESSION);
  }

  private static byte[] stockFile(List<JournalEvent> events, int syncInterval) throws IOException {
    return stockFile(events, syncInterval, CodecFactory.nullCodec());
  }

  /** A container file written by Avro's DataFileWriter with its defaults: a random sync marker. */
  private static byte[] stockFile(List<JournalEvent> events, int syncInterval, CodecFactory codec)
      throws IOException {
    Schema schema = AvroCodec.JOURNAL_EVENT.schema();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<dev.ibridge.protocol.JournalEvent> w =
        new DataFileWriter<>(new SpecificDatumWriter<>(schema, ProtocolData.INSTANCE))) {
      w.setCodec(codec);
      w.setSyncInterval(syncInterval);
      w.create(schema, out);
      for (JournalEvent e : events) {
        w.append(ProtocolMapper.toAvro(e));
      }
    }
    return out.toByteArray();
  }

  private static void assertRefused(List<JournalEvent> events, String message) throws IOException {
    try (JournalWriter w = JournalFiles.open(new ByteArrayOutputStream(), ID)) {
      for (int i = 0; i < events.size() - 1; i++) {
        w.append(events.get(i));
      }
      assertThatThrownBy(() -> w.append(events.get(events.size() - 1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
  }

  private static DecodeException decodeError(byte[] file) {
    try {
      List<JournalEvent> events = JournalFiles.decode(file);
      throw new AssertionError("expected a DecodeException, read " + events);
    } catch (DecodeException e) {
      return e;
    }
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
    return -1;
  }

  private static int occurrences(byte[] haystack, byte[] needle) {
    int count = 0;
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        count++;
      }
    }
    return count;
  }
}

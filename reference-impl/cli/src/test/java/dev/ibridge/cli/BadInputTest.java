package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.avro.JournalFiles;
import dev.ibridge.codec.MessageType;
import dev.ibridge.dispatch.AnyMessage;
import dev.ibridge.json.JsonForm;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input ends with exit 2 and one line, {@code ibridge: FILE: ...}, never a trace. */
class BadInputTest {
  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static void assertInputError(Run run, String source) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.stdout()).as(run.toString()).isEmpty();
    Errors.assertOneLine(run, source + ": ");
  }

  @Test
  void aWorkspaceThatIsNotJsonIsNamedOnceWithWhereItBreaks() throws Exception {
    Path bad = write("bad.json", "{\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    Run run = Run.of("run", "--workspace", bad.toString(), "--activity", "check", "--store", dir.resolve("s").toString());

    assertInputError(run, bad.toString());
    assertThat(run.stderr()).contains("is not valid JSON", "at line 2, column 1").doesNotContain("REDACTED");
    assertThat(run.stderr().split(java.util.regex.Pattern.quote(bad.toString()), -1)).as(run.toString()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"decode", "key", "encode --type record"})
  void missingFile(String command) {
    Path missing = dir.resolve("no-such-file.bin");
    String[] args = (command + " " + missing).split(" ");

    Run run = Run.of(args);

    assertInputError(run, missing.toString());
    assertThat(run.stderr()).contains("no such file");
  }

  @Test
  void aDirectoryIsNotAFile() {
    Run run = Run.of("decode", dir.toString());

    assertInputError(run, dir.toString());
    assertThat(run.stderr()).contains("is a directory");
  }

  @Test
  void emptyFile() throws Exception {
    Path empty = write("empty.bin", new byte[0]);

    assertInputError(Run.of("decode", empty.toString()), empty.toString());
  }

  @Test
  void truncatedRecords() throws Exception {
    byte[] whole = AnyMessage.encode(MessageType.RECORD, Samples.record());
    int checked = 0;
    for (int length = 1; length < whole.length; length += Math.max(1, whole.length / 97)) {
      Path cut = write("cut-" + length + ".bin", Arrays.copyOf(whole, length));
      assertInputError(Run.of("decode", cut.toString()), cut.toString());
      assertInputError(Run.of("decode", "--type", "record", cut.toString()), cut.toString());
      checked++;
    }
    assertThat(checked).isGreaterThan(50);
  }

  @ParameterizedTest
  @ValueSource(strings = {"key-material", "output-manifest", "journal-event"})
  void truncatedAvroMessages(String type) throws Exception {
    MessageType t = MessageType.fromLabel(type);
    byte[] whole = AnyMessage.encode(t, Samples.of(t));
    for (int length = 1; length < whole.length; length += Math.max(1, whole.length / 61)) {
      Path cut = write("cut.bin", Arrays.copyOf(whole, length));
      assertInputError(Run.of("decode", cut.toString()), cut.toString());
    }
  }

  @Test
  void randomBytes() throws Exception {
    long seed = seed();
    Random random = new Random(seed);
    for (int i = 0; i < 60; i++) {
      byte[] bytes = new byte[1 + random.nextInt(300)];
      random.nextBytes(bytes);
      if (i % 3 == 0 && bytes.length >= 8) {
        // a plausible Cap'n Proto frame header, one segment that fits, so the body gets parsed
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0).putInt(4, (bytes.length - 8) / 8);
      }
      Path file = write("random.bin", bytes);
      String context = "input " + i + " of seed " + seed + "; replay: mvn -o -q -pl reference-impl/cli -am test"
          + " -Dtest=BadInputTest -Dsurefire.failIfNoSpecifiedTests=false -Dibridge.seed=" + seed;
      Run detected = Run.of("decode", file.toString());
      assertThat(detected.exitCode()).as(context + "\n" + detected).isEqualTo(2);
      Errors.assertOneLine(detected, file + ": ");
      MessageType type = MessageType.values()[i % (MessageType.values().length - 1)];
      Run typed = Run.of("decode", "--type", type.label(), file.toString());
      assertThat(typed.exitCode()).as(context + "\n" + typed).isEqualTo(2);
      Errors.assertOneLine(typed, file + ": ");
    }
  }

  private static long seed() {
    String fixed = System.getProperty("ibridge.seed");
    return fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.strip()) : new Random().nextLong();
  }

  @Test
  void wrongTypeForAvroMessage() throws Exception {
    Path km = write("km.bin", AnyMessage.encode(MessageType.KEY_MATERIAL, Samples.keyMaterial()));

    Run run = Run.of("decode", "--type", "journal-event", km.toString());

    assertInputError(run, km.toString());
    assertThat(run.stderr()).contains("this is key material, not a journal event");
  }

  @Test
  void wrongTypeForCapnpMessage() throws Exception {
    Path record = write("record.bin", AnyMessage.encode(MessageType.RECORD, Samples.record()));

    Run run = Run.of("decode", "--type", "store-header", record.toString());

    assertInputError(run, record.toString());
    assertThat(run.stderr()).contains("invalid store header");
  }

  @Test
  void truncatedJournal() throws Exception {
    byte[] whole = JournalFiles.encode("s1", Samples.journal());
    for (int length = 4; length < whole.length; length += Math.max(1, whole.length / 37)) {
      Path cut = write("s1.avro", Arrays.copyOf(whole, length));
      assertInputError(Run.of("decode", cut.toString()), cut.toString());
    }
  }

  @Test
  void aRecordIsNotAJournal() throws Exception {
    Path record = write("record.bin", AnyMessage.encode(MessageType.RECORD, Samples.record()));

    assertInputError(Run.of("decode", "--type", "journal", record.toString()), record.toString());
  }

  @Test
  void wrongTypeForJson(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("record.json");
    Files.writeString(json, JsonForm.RECORD.render(Samples.record()));

    Run run = Run.of("encode", "--type", "key-material", json.toString());

    assertInputError(run, json.toString());
    assertThat(run.stderr()).contains("invalid key material: $: missing field");
  }

  @ParameterizedTest
  @ValueSource(longs = {(1L << 31) - 1, 1L << 31, (1L << 31) + 8, Long.MAX_VALUE})
  void avroLengthPrefixNearTwoToThe31(long length) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0xC3);
    b.write(0x01);
    b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(AvroCodec.KEY_MATERIAL.fingerprint()).array());
    writeVarint(b, 2); // protocolMajor 1, zig-zag encoded
    writeVarint(b, zigzag(length)); // the length of subject.unit.packageId
    b.writeBytes("serde".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Path file = write("huge-length.bin", b.toByteArray());

    assertInputError(Run.of("decode", file.toString()), file.toString());
    assertInputError(Run.of("decode", "--type", "key-material", file.toString()), file.toString());
  }

  @Test
  void unknownSingleObjectFingerprint() throws Exception {
    byte[] km = AnyMessage.encode(MessageType.KEY_MATERIAL, Samples.keyMaterial());
    km[2] ^= 0x5A;
    Path file = write("unknown.bin", km);

    Run run = Run.of("decode", file.toString());

    assertInputError(run, file.toString());
    assertThat(run.stderr()).contains("unknown Avro schema fingerprint");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[1, 2]", "{\"protocolMajor\": 1} trailing", "\u0000\u00ff", "null"})
  void invalidJsonForEncodeAndKey(String text) {
    Run encode = Run.withStdin(text, "encode", "--type", "key-material");
    Run key = Run.withStdin(text, "key");

    assertInputError(encode, "<stdin>");
    assertInputError(key, "<stdin>");
    assertThat(encode.stderr()).contains("$");
  }

  private static long zigzag(long n) {
    return (n << 1) ^ (n >> 63);
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}

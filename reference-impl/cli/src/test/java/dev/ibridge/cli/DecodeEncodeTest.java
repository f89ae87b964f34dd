package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.avro.JournalFiles;
import dev.ibridge.codec.Encoding;
import dev.ibridge.codec.MessageType;
import dev.ibridge.dispatch.AnyMessage;
import dev.ibridge.json.JsonForm;
import dev.ibridge.key.Keys;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecodeEncodeTest {
  static Stream<Arguments> typesAndFormats() {
    List<Arguments> out = new ArrayList<>();
    for (MessageType type : MessageType.values()) {
      if (type != MessageType.JOURNAL_FILE) {
        for (Encoding encoding : type.encodings()) {
          out.add(Arguments.of(type, encoding));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("typesAndFormats")
  void encodeThenDecodeGivesBackTheJsonForm(MessageType type, Encoding encoding, @TempDir Path dir)
      throws Exception {
    String json = JsonForm.of(type).renderValue(Samples.of(type));
    Path bin = dir.resolve("message.bin");

    Run encode = Run.withStdin(json, "encode", "--type", type.label(), "--format", encoding.label(), "-o", bin.toString());
    assertThat(encode.exitCode()).as(encode.toString()).isZero();
    assertThat(encode.stdoutBytes()).isEmpty();
    assertThat(Files.readAllBytes(bin)).isEqualTo(AnyMessage.encode(type, encoding, Samples.of(type)));

    Run decode = Run.of("decode", "--type", type.label(), "--format", encoding.label(), bin.toString());
    assertThat(decode.exitCode()).as(decode.toString()).isZero();
    assertThat(decode.stdout()).isEqualTo(json);
    assertThat(decode.stderr()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defaultFormats")
  void decodeDetectsTheTypeOfDefaultEncodings(MessageType type, @TempDir Path dir) throws Exception {
    String json = JsonForm.of(type).renderValue(Samples.of(type));
    Run encode = Run.withStdin(json, "encode", "--type", type.label());
    assertThat(encode.exitCode()).as(encode.toString()).isZero();
    Path bin = dir.resolve("message.bin");
    Files.write(bin, encode.stdoutBytes());

    Run decode = Run.of("decode", bin.toString());

    assertThat(decode.exitCode()).as(decode.toString()).isZero();
    assertThat(decode.stdout()).isEqualTo(json);
  }

  static Stream<MessageType> defaultFormats() {
    return Stream.of(MessageType.values()).filter(t -> t != MessageType.JOURNAL_FILE);
  }

  @Test
  void capnpKeyMaterialAndStoreHeadersAreDetectedWithoutAHint(@TempDir Path dir) throws Exception {
    for (MessageType type : List.of(MessageType.KEY_MATERIAL, MessageType.STORE_HEADER)) {
      Path bin = dir.resolve(type.label() + ".bin");
      Files.write(bin, AnyMessage.encode(type, Encoding.CAPNP, Samples.of(type)));

      Run decode = Run.of("decode", bin.toString());

      assertThat(decode.exitCode()).as(decode.toString()).isZero();
      assertThat(decode.stdout()).isEqualTo(JsonForm.of(type).renderValue(Samples.of(type)));
    }
  }

  @Test
  void decodePrintsAJournalAsAnArrayOfEvents(@TempDir Path dir) throws Exception {
    List<JournalEvent> events = Samples.journal();
    Path journal = dir.resolve("s1.avro");
    Files.write(journal, JournalFiles.encode("s1", events));

    Run decode = Run.of("decode", journal.toString());
    Run typed = Run.of("decode", "--type", "journal", journal.toString());

    assertThat(decode.exitCode()).as(decode.toString()).isZero();
    assertThat(decode.stdout()).isEqualTo(JsonForm.renderJournal(events));
    assertThat(typed.stdout()).isEqualTo(decode.stdout());
  }

  @Test
  void aFileNamedStoreIsAStoreHeader(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("STORE");
    Files.write(store, AnyMessage.encode(MessageType.STORE_HEADER, Samples.of(MessageType.STORE_HEADER)));

    Run decode = Run.of("decode", store.toString());

    assertThat(decode.exitCode()).as(decode.toString()).isZero();
    assertThat(decode.stdout()).contains("\"digestAlgorithm\": \"sha256\"");
  }

  @Test
  void decodeReadsStdin() throws Exception {
    byte[] bin = AnyMessage.encode(MessageType.RECORD, Samples.record());

    Run decode = Run.withStdin(bin, "decode", "-");

    assertThat(decode.exitCode()).as(decode.toString()).isZero();
    assertThat(decode.stdout()).isEqualTo(JsonForm.RECORD.render(Samples.record()));
  }

  @Test
  void encodeWritesToStdoutByDefault() {
    String json = JsonForm.RECORD.render(Samples.record());

    Run encode = Run.withStdin(json, "encode", "--type", "record");

    assertThat(encode.exitCode()).as(encode.toString()).isZero();
    assertThat(encode.stdoutBytes()).isEqualTo(AnyMessage.encode(MessageType.RECORD, Samples.record()));
    assertThat(encode.stderr()).isEmpty();
  }

  @Test
  void aRecordWhoseInputKeyDoesNotMatchItsMaterialFailsTheCheck(@TempDir Path dir) throws Exception {
    Record good = Samples.record();
    Record bad = new Record(good.producer(), good.outputFingerprint(), good.keyMaterial(), good.outputs(), good.outputFingerprint());
    Path bin = dir.resolve("bad-key.bin");
    Files.write(bin, AnyMessage.encode(MessageType.RECORD, bad));

    Run decode = Run.of("decode", bin.toString());

    assertThat(decode.exitCode()).as(decode.toString()).isEqualTo(1);
    assertThat(decode.stdout()).isEqualTo(JsonForm.RECORD.render(bad));
    Errors.assertOneLine(decode, bin + ": inputKey " + bad.inputKey() + " is not the key of the record's keyMaterial, " + Keys.inputKey(good.keyMaterial()));
  }

  @Test
  void aRecordWhoseOutputFingerprintIsWrongFailsTheCheck(@TempDir Path dir) throws Exception {
    Record good = Samples.record();
    Record bad = new Record(good.producer(), good.inputKey(), good.keyMaterial(), good.outputs(), good.inputKey());
    Path bin = dir.resolve("bad-fingerprint.bin");
    Files.write(bin, AnyMessage.encode(MessageType.RECORD, bad));

    Run decode = Run.of("decode", bin.toString());

    assertThat(decode.exitCode()).as(decode.toString()).isEqualTo(1);
    Errors.assertOneLine(decode, bin + ": outputFingerprint " + bad.outputFingerprint() + " is not the fingerprint");
  }
}

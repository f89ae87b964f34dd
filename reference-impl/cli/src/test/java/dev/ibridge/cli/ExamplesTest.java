package dev.ibridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.json.JsonForm;
import dev.ibridge.key.Keys;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Record;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The bundled examples agree with each other: record.bin is record.json encoded, the record's key
 * material is key-material.json, and its digests are the ones the key derivation computes. To
 * regenerate record.bin after editing record.json: {@code ./ibridge encode --type record -o
 * examples/record.bin examples/record.json}.
 */
class ExamplesTest {
  @Test
  void jsonExamplesAreInTheirCanonicalRendering() throws Exception {
    String record = Files.readString(Examples.path("record.json"));
    String km = Files.readString(Examples.path("key-material.json"));

    assertThat(JsonForm.RECORD.render(JsonForm.RECORD.parse(record))).isEqualTo(record);
    assertThat(JsonForm.KEY_MATERIAL.render(JsonForm.KEY_MATERIAL.parse(km))).isEqualTo(km);
  }

  @Test
  void recordBinIsRecordJsonEncoded() throws Exception {
    byte[] bin = Files.readAllBytes(Examples.path("record.bin"));
    Record fromJson = Samples.record();

    assertThat(CapnpCodec.decodeRecord(bin)).isEqualTo(fromJson);
    assertThat(CapnpCodec.encodeRecord(fromJson)).isEqualTo(bin);
  }

  @Test
  void theRecordsDigestsAreDerivedFromItsContent() {
    Record record = Samples.record();
    KeyMaterial km = Samples.keyMaterial();

    assertThat(record.keyMaterial()).isEqualTo(km);
    assertThat(record.inputKey()).isEqualTo(Keys.inputKey(km));
    assertThat(record.outputFingerprint()).isEqualTo(Keys.outputFingerprint(record.outputs()));
  }

  @Test
  void theReadmesFirstCommandWorks() throws Exception {
    Run decode = Run.of("decode", Examples.path("record.bin").toString());
    Run key = Run.of("key", Examples.path("key-material.json").toString());

    assertThat(decode.exitCode()).as(decode.toString()).isZero();
    assertThat(decode.stdout()).isEqualTo(Files.readString(Examples.path("record.json")));
    assertThat(key.exitCode()).as(key.toString()).isZero();
    assertThat(key.stdout()).isEqualTo(Samples.record().inputKey() + "\n");
  }
}

package dev.ibridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.key.Keys;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Record;
import org.junit.jupiter.api.Test;

/** The baselines must move the same information as our codecs, or the comparison means nothing. */
class BaselineFidelityTest {
  private final Record record = TypicalRecord.build();

  @Test
  void typicalRecordHasTheAdvertisedShape() {
    assertThat(record.keyMaterial().inputs()).hasSize(TypicalRecord.INPUTS);
    assertThat(record.keyMaterial().reads()).hasSize(TypicalRecord.READS);
    assertThat(record.outputs()).hasSize(TypicalRecord.OUTPUTS);
    assertThat(TypicalRecord.build()).isEqualTo(record);
  }

  @Test
  void jsonBaselineRoundTripsTheRecord() throws Exception {
    JsonBaseline json = new JsonBaseline();
    assertThat(json.decode(json.encode(record))).isEqualTo(record);
  }

  @Test
  void bareAvroRoundTripsTheKeyMaterial() throws Exception {
    AvroBare bare = new AvroBare();
    byte[] bytes = bare.encode(record.keyMaterial());
    assertThat(bare.decode(bytes)).isEqualTo(AvroBare.fill(record.keyMaterial()));
  }

  @Test
  void bareAvroWritesTheCodecsBytesAndKey() throws Exception {
    AvroBare bare = new AvroBare();
    KeyMaterial km = record.keyMaterial();
    assertThat(bare.encode(km)).isEqualTo(AvroCodec.KEY_MATERIAL.encodeBinary(km));
    assertThat(AvroCodec.KEY_MATERIAL.decodeBinary(bare.encode(km))).isEqualTo(km);
    assertThat(bare.inputKey(km)).isEqualTo(Keys.inputKey(km).value().toByteArray());
  }
}

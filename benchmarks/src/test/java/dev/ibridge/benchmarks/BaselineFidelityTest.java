package dev.ibridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

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
}

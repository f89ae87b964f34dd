package dev.ibridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.key.Keys;
import dev.ibridge.model.ConfigEntry;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Read;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
  void bareCapnpReadsBackEveryFieldItWrote() throws Exception {
    List<Object> seen = new ArrayList<>();
    CapnpBare.decode(CapnpBare.encode(record), seen::add);
    assertThat(seen).usingElementComparator(BaselineFidelityTest::compareValues).isEqualTo(flatten(record));
  }

  @Test
  void bareCapnpAndTheCodecReadEachOthersBytes() throws Exception {
    assertThat(CapnpCodec.decodeRecord(CapnpBare.encode(record))).isEqualTo(record);
    List<Object> seen = new ArrayList<>();
    CapnpBare.decode(CapnpCodec.encodeRecord(record), seen::add);
    assertThat(seen).usingElementComparator(BaselineFidelityTest::compareValues).isEqualTo(flatten(record));
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

  /** The record's field values in the order {@link CapnpBare#decode} reports them. */
  private static List<Object> flatten(Record r) {
    List<Object> v = new ArrayList<>();
    v.addAll(List.of(r.producer().activity(), r.producer().tool(), r.producer().toolVersion()));
    digest(v, r.inputKey());
    KeyMaterial km = r.keyMaterial();
    v.add((short) km.protocolMajor());
    subject(v, km.subject());
    v.addAll(List.of(km.facet().name(), km.toolchain().name(), km.toolchain().version()));
    for (ConfigEntry c : km.config()) {
      v.addAll(List.of(c.name(), c.value()));
    }
    for (DirectInput in : km.inputs()) {
      if (in instanceof FileInput f) {
        v.add(f.path());
        digest(v, f.digest());
        v.add(f.size());
      } else {
        EnvInput e = (EnvInput) in;
        v.add(e.name());
        v.add(e.value());
      }
    }
    for (Read read : km.reads()) {
      subject(v, read.subject());
      v.add(read.facet().name());
      digest(v, read.outputFingerprint());
    }
    for (Output o : r.outputs()) {
      v.add(o.name());
      digest(v, o.blob().digest());
      v.add(o.blob().size());
      v.add(o.observable());
    }
    digest(v, r.outputFingerprint());
    return v;
  }

  private static void subject(List<Object> v, Subject s) {
    v.addAll(List.of(s.unit().packageId(), s.unit().targetName(), s.unit().targetKind(), s.unit().targetTriple()));
    v.add(s.modulePath());
  }

  private static void digest(List<Object> v, Digest d) {
    v.add(d.algorithm().name());
    v.add(d.value().toByteArray());
  }

  private static int compareValues(Object actual, Object expected) {
    if (actual instanceof byte[] a && expected instanceof byte[] e) {
      return Arrays.equals(a, e) ? 0 : 1;
    }
    if (actual instanceof Enum<?> a) {
      return a.name().equals(expected) ? 0 : 1;
    }
    return Objects.equals(actual, expected) ? 0 : 1;
  }
}

package dev.ibridge.capnp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.model.Record;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks the codec against the reference implementation: capnp decodes what Java writes to the
 * values of the model, and Java decodes what capnp encodes from JSON to an equal model.
 */
@Tag("interop")
class CapnpInteropTest {

  @Test
  @Tag("REQ-CAPNP-001")
  void capnpDecodesRecordsWrittenByJava() throws Exception {
    for (Record r : Samples.records()) {
      byte[] text = CapnpTool.run(CapnpCodec.encodeRecord(r), "decode", "--short",
          CapnpTool.ibridgeSchema().toString(), "Record");
      assertThat(new String(text, StandardCharsets.UTF_8).strip()).isEqualTo(CapnpText.record(r));
    }
  }

  @Test
  @Tag("REQ-CAPNP-003")
  void javaDecodesRecordsThatCapnpEncodes() throws Exception {
    for (Record r : Samples.records()) {
      byte[] bytes = CapnpTool.run(CapnpText.json(r).getBytes(StandardCharsets.UTF_8), "convert", "json:binary",
          CapnpTool.ibridgeSchema().toString(), "Record");
      assertThat(CapnpCodec.decodeRecord(bytes)).isEqualTo(r);
    }
  }

  @Test
  void capnpAgreesOnTheStoreHeader() throws Exception {
    byte[] text = CapnpTool.run(CapnpCodec.encodeStoreHeader(Samples.header()), "decode", "--short",
        CapnpTool.ibridgeSchema().toString(), "StoreHeader");
    var h = Samples.header();
    assertThat(new String(text, StandardCharsets.UTF_8).strip()).isEqualTo(
        "(protocolMajor = " + h.protocolMajor() + ", protocolMinor = " + h.protocolMinor()
            + ", digestAlgorithm = " + h.digestAlgorithm().label() + ", createdBy = \"" + h.createdBy() + "\")");
  }
}

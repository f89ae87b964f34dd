package dev.ibridge.capnp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.capnpc.CapnpTool;
import dev.ibridge.model.Record;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks the codec against the reference implementation: capnp decodes what Java writes to the
 * values of the model, and Java decodes what capnp encodes from JSON to an equal model.
 */
@Tag("interop")
class CapnpInteropTest {
  /** The repository root; this module is reference-impl/core. */
  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../..").normalize();
  private static final String SCHEMA = "schemas/v1/ibridge.capnp";

  @Test
  @Tag("REQ-CAPNP-001")
  void capnpDecodesRecordsWrittenByJava() throws Exception {
    for (Record r : Samples.records()) {
      byte[] text = capnp(CapnpCodec.encodeRecord(r), "decode", "--short",
          SCHEMA, "Record");
      assertThat(new String(text, StandardCharsets.UTF_8).strip()).isEqualTo(CapnpText.record(r));
    }
  }

  @Test
  @Tag("REQ-CAPNP-003")
  void javaDecodesRecordsThatCapnpEncodes() throws Exception {
    for (Record r : Samples.records()) {
      byte[] bytes = capnp(CapnpText.json(r).getBytes(StandardCharsets.UTF_8), "convert", "json:binary",
          SCHEMA, "Record");
      assertThat(CapnpCodec.decodeRecord(bytes)).isEqualTo(r);
    }
  }

  @Test
  void capnpAgreesOnTheStoreHeader() throws Exception {
    byte[] text = capnp(CapnpCodec.encodeStoreHeader(Samples.header()), "decode", "--short",
        SCHEMA, "StoreHeader");
    var h = Samples.header();
    assertThat(new String(text, StandardCharsets.UTF_8).strip()).isEqualTo(
        "(protocolMajor = " + h.protocolMajor() + ", protocolMinor = " + h.protocolMinor()
            + ", digestAlgorithm = " + h.digestAlgorithm().label() + ", createdBy = \"" + h.createdBy() + "\")");
  }

  private static byte[] capnp(byte[] stdin, String... args) throws IOException {
    return CapnpTool.run(ROOT, stdin, args);
  }
}

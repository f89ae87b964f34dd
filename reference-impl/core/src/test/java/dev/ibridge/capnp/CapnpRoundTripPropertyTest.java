package dev.ibridge.capnp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.key.Keys;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Record;
import dev.ibridge.property.Property;
import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model to Cap'n Proto to model is the identity for every stored message type, encoding is a
 * function of the value, and the keys derived from a decoded value are those of the original.
 */
class CapnpRoundTripPropertyTest {

  @Test
  @Tag("REQ-CAPNP-001")
  @Tag("REQ-CAPNP-009")
  void record() {
    Property.forAll(ModelGens.records()).verify(r -> {
      byte[] bytes = CapnpCodec.encodeRecord(r);
      Record decoded = CapnpCodec.decodeRecord(bytes);
      assertThat(decoded).isEqualTo(r);
      assertThat(CapnpCodec.encodeRecord(decoded)).isEqualTo(bytes);
      assertThat(CapnpCodec.readRecord(Channels.newChannel(new ByteArrayInputStream(bytes)))).isEqualTo(r);
      assertThat(Keys.inputKey(decoded.keyMaterial())).isEqualTo(r.inputKey());
      assertThat(Keys.outputFingerprint(decoded.outputs())).isEqualTo(r.outputFingerprint());
    });
  }

  @Test
  @Tag("REQ-CAPNP-001")
  void storeHeader() {
    Property.forAll(ModelGens.storeHeaders()).verify(h -> {
      byte[] bytes = CapnpCodec.encodeStoreHeader(h);
      assertThat(CapnpCodec.decodeStoreHeader(bytes)).isEqualTo(h);
      assertThat(CapnpCodec.encodeStoreHeader(CapnpCodec.decodeStoreHeader(bytes))).isEqualTo(bytes);
    });
  }

  @Test
  @Tag("REQ-CAPNP-001")
  @Tag("REQ-CAPNP-009")
  void keyMaterialAndItsDerivedKey() {
    Property.forAll(ModelGens.keyMaterials()).verify(km -> {
      byte[] bytes = CapnpCodec.encodeKeyMaterial(km);
      KeyMaterial decoded = CapnpCodec.decodeKeyMaterial(bytes);
      assertThat(decoded).isEqualTo(km);
      assertThat(CapnpCodec.encodeKeyMaterial(decoded)).isEqualTo(bytes);
      assertThat(Keys.canonicalBytes(decoded)).isEqualTo(Keys.canonicalBytes(km));
      assertThat(Keys.inputKey(decoded)).isEqualTo(Keys.inputKey(km));
    });
  }
}

package dev.ibridge.avro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.internal.gen.ModelGens;
import dev.ibridge.property.Gen;
import dev.ibridge.property.Property;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model to Avro to model is the identity, in each of the three forms, for every Avro message type;
 * and decoding then encoding again gives the same bytes, so each form is a function of the value.
 */
@Tag("REQ-AVRO-001")
@Tag("REQ-AVRO-002")
@Tag("REQ-AVRO-003")
class AvroRoundTripPropertyTest {

  private static <T> void roundTrips(Gen<T> gen, AvroCodec<T> codec) {
    Property.forAll(gen).verify(value -> {
      byte[] binary = codec.encodeBinary(value);
      T fromBinary = codec.decodeBinary(binary);
      assertThat(fromBinary).as("binary round trip").isEqualTo(value);
      assertThat(codec.encodeBinary(fromBinary)).as("binary re-encoding").isEqualTo(binary);

      byte[] single = codec.encodeSingleObject(value);
      T fromSingle = codec.decodeSingleObject(single);
      assertThat(fromSingle).as("single-object round trip").isEqualTo(value);
      assertThat(codec.encodeSingleObject(fromSingle)).as("single-object re-encoding").isEqualTo(single);

      String json = codec.encodeJson(value);
      T fromJson = codec.decodeJson(json);
      assertThat(fromJson).as("JSON round trip").isEqualTo(value);
      assertThat(codec.encodeJson(fromJson)).as("JSON re-encoding").isEqualTo(json);
    });
  }

  @Test
  void keyMaterial() {
    roundTrips(ModelGens.keyMaterials(), AvroCodec.KEY_MATERIAL);
  }

  @Test
  void outputManifest() {
    roundTrips(ModelGens.outputManifests(), AvroCodec.OUTPUT_MANIFEST);
  }

  @Test
  void journalEvent() {
    roundTrips(ModelGens.journalEvents(), AvroCodec.JOURNAL_EVENT);
  }

  @Test
  void subject() {
    roundTrips(ModelGens.subjects(), AvroCodec.SUBJECT);
  }
}

package dev.ibridge.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ibridge.internal.ProtocolData;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class ProtocolDataTest {

  @Test
  void decodesGeneratedClassesWithoutTrustingTheirPackageGlobally() throws Exception {
    assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
    assertThat(ClassSecurityValidator.getGlobal()).isSameAs(ClassSecurityValidator.DEFAULT);
    byte[] message = AvroCodec.KEY_MATERIAL.encodeSingleObject(Samples.fullMaterial());

    // Avro's own decoder for the generated class is refused by Avro's class security check...
    assertThatThrownBy(() -> dev.ibridge.protocol.KeyMaterial.getDecoder().decode(message))
        .isInstanceOf(SecurityException.class)
        .hasMessageContaining("Forbidden");
    // ...while the codec decodes the same bytes, and left the global setting alone.
    assertThat(AvroCodec.KEY_MATERIAL.decodeSingleObject(message)).isEqualTo(Samples.fullMaterial());
    assertThat(ClassSecurityValidator.getGlobal()).isSameAs(ClassSecurityValidator.DEFAULT);
  }

  @Test
  void resolvesEveryNamedTypeOfTheProtocol() {
    for (Schema type : dev.ibridge.protocol.Ibridge.PROTOCOL.getTypes()) {
      Class<?> c = ProtocolData.INSTANCE.getClass(type);
      assertThat(c.getName()).isEqualTo(type.getFullName());
    }
  }

  @Test
  void refusesNamesOutsideTheGeneratedPackage() {
    Schema foreign = Schema.createRecord("Runtime", null, "java.lang", false, java.util.List.of());
    assertThatThrownBy(() -> ProtocolData.INSTANCE.getClass(foreign))
        .isInstanceOf(AvroRuntimeException.class).hasMessageContaining("java.lang.Runtime");
    Schema nested = Schema.createRecord("x", null, "dev.ibridge.protocol.sub", false, java.util.List.of());
    assertThatThrownBy(() -> ProtocolData.INSTANCE.getClass(nested))
        .isInstanceOf(AvroRuntimeException.class);
    Schema missing = Schema.createRecord("NoSuchType", null, "dev.ibridge.protocol", false, java.util.List.of());
    assertThatThrownBy(() -> ProtocolData.INSTANCE.getClass(missing))
        .isInstanceOf(AvroRuntimeException.class);
  }
}

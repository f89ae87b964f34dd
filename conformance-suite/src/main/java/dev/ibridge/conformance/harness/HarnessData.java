package dev.ibridge.conformance.harness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.specific.AvroGenerated;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model for the harness frames. Avro 1.12 only instantiates classes of trusted
 * packages; instead of widening that JVM-wide setting, this model resolves record and enum names
 * itself and loads only generated classes of {@code dev.ibridge.protocol}.
 */
final class HarnessData extends SpecificData {
  static final HarnessData INSTANCE = new HarnessData();
  private static final String PACKAGE = "dev.ibridge.protocol";

  private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

  private HarnessData() {
    super(HarnessData.class.getClassLoader());
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class getClass(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> classes.computeIfAbsent(schema.getFullName(), HarnessData::load);
      default -> super.getClass(schema);
    };
  }

  private static Class<?> load(String fullName) {
    if (!fullName.startsWith(PACKAGE + ".") || fullName.indexOf('.', PACKAGE.length() + 1) >= 0) {
      throw new AvroRuntimeException("no generated harness class for Avro type " + fullName);
    }
    Class<?> c;
    try {
      c = Class.forName(fullName, false, HarnessData.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AvroRuntimeException("no generated harness class for Avro type " + fullName, e);
    }
    if (!c.isAnnotationPresent(AvroGenerated.class)) {
      throw new AvroRuntimeException(fullName + " is not a generated Avro class");
    }
    return c;
  }
}

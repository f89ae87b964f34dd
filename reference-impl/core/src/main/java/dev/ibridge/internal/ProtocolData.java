package dev.ibridge.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.AvroGenerated;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model for the classes generated into {@value #PACKAGE}.
 *
 * <p>Avro 1.12 refuses to instantiate a class by name unless its package is trusted through the
 * JVM-wide {@code org.apache.avro.SERIALIZABLE_PACKAGES} property or the global
 * {@code ClassSecurityValidator} ("SecurityException: Forbidden ..."). Rather than widen a global
 * setting for every Avro user in the process, this model resolves named types itself: only
 * classes of the generated package that carry {@link AvroGenerated} are ever loaded, and names from
 * anywhere else are refused. The schemas it is asked about are always this project's reader
 * schemas, never a schema taken from input.
 */
public final class ProtocolData extends SpecificData {
  public static final String PACKAGE = "dev.ibridge.protocol";
  public static final ProtocolData INSTANCE = new ProtocolData();

  private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

  private ProtocolData() {
    super(ProtocolData.class.getClassLoader());
    addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class getClass(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> classes.computeIfAbsent(schema.getFullName(), this::load);
      default -> super.getClass(schema);
    };
  }

  private Class<?> load(String fullName) {
    if (!fullName.startsWith(PACKAGE + ".") || fullName.indexOf('.', PACKAGE.length() + 1) >= 0) {
      throw new AvroRuntimeException("no generated ibridge class for Avro type " + fullName);
    }
    Class<?> c;
    try {
      c = Class.forName(fullName, false, ProtocolData.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AvroRuntimeException("no generated ibridge class for Avro type " + fullName, e);
    }
    if (!c.isAnnotationPresent(AvroGenerated.class)) {
      throw new AvroRuntimeException(fullName + " is not a generated Avro class");
    }
    return c;
  }
}

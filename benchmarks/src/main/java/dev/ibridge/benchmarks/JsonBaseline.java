package dev.ibridge.benchmarks;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.DirectInput;
import dev.ibridge.model.EnvInput;
import dev.ibridge.model.FileInput;
import dev.ibridge.model.Record;
import java.io.IOException;

/**
 * The JSON baseline: a plain Jackson mapping of the model records, with only what Jackson cannot
 * guess added: {@link Bytes} as a base64 string, and a {@code kind} tag on the sealed
 * {@link DirectInput}. Derived {@code isX()} helpers on the model are not properties.
 */
public final class JsonBaseline {
  private final ObjectWriter writer;
  private final ObjectReader reader;

  public JsonBaseline() {
    SimpleModule bytes = new SimpleModule("ibridge-bytes");
    bytes.addSerializer(Bytes.class, new BytesSerializer());
    bytes.addDeserializer(Bytes.class, new BytesDeserializer());
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(bytes)
            .addMixIn(DirectInput.class, DirectInputKind.class)
            .setVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE);
    this.writer = mapper.writerFor(Record.class);
    this.reader = mapper.readerFor(Record.class);
  }

  public byte[] encode(Record r) throws IOException {
    return writer.writeValueAsBytes(r);
  }

  public Record decode(byte[] json) throws IOException {
    return reader.readValue(json);
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = FileInput.class, name = "file"),
    @JsonSubTypes.Type(value = EnvInput.class, name = "env")
  })
  private interface DirectInputKind {}

  private static final class BytesSerializer extends StdSerializer<Bytes> {
    BytesSerializer() {
      super(Bytes.class);
    }

    @Override
    public void serialize(Bytes value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeBinary(value.toByteArray());
    }
  }

  private static final class BytesDeserializer extends StdDeserializer<Bytes> {
    BytesDeserializer() {
      super(Bytes.class);
    }

    @Override
    public Bytes deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return Bytes.wrap(p.getBinaryValue());
    }
  }
}

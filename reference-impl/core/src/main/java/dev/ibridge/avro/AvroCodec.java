package dev.ibridge.avro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Limits;
import dev.ibridge.model.OutputManifest;
import dev.ibridge.model.Subject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one Avro message type of the protocol in its three forms: Avro binary,
 * single-object encoding (marker {@code C3 01}, the schema's 8-byte little-endian CRC-64-AVRO
 * fingerprint, then the binary body) and Avro JSON.
 *
 * <p>The binary form always writes each array as a single block (the item count, the items, then
 * a zero), which makes it canonical: one value has exactly one encoding. That is what
 * {@link dev.ibridge.key.Keys} hashes.
 *
 * <p>Decoders accept only input that is whole and valid: a value with bytes after it, a length
 * or count the input cannot hold, a fingerprint of another schema, or a value that breaks a model
 * rule (such as unsorted key material) is a {@link DecodeException}. No input can make a decoder
 * allocate more than a small multiple of its own size.
 */
public final class AvroCodec<T> {
  public static final AvroCodec<KeyMaterial> KEY_MATERIAL = new AvroCodec<>(
      dev.ibridge.protocol.KeyMaterial.getClassSchema(),
      dev.ibridge.protocol.KeyMaterial.class,
      ProtocolMapper::toAvro,
      ProtocolMapper::fromAvro);
  public static final AvroCodec<OutputManifest> OUTPUT_MANIFEST = new AvroCodec<>(
      dev.ibridge.protocol.OutputManifest.getClassSchema(),
      dev.ibridge.protocol.OutputManifest.class,
      ProtocolMapper::toAvro,
      ProtocolMapper::fromAvro);
  public static final AvroCodec<JournalEvent> JOURNAL_EVENT = new AvroCodec<>(
      dev.ibridge.protocol.JournalEvent.getClassSchema(),
      dev.ibridge.protocol.JournalEvent.class,
      ProtocolMapper::toAvro,
      ProtocolMapper::fromAvro);
  public static final AvroCodec<Subject> SUBJECT = new AvroCodec<>(
      dev.ibridge.protocol.Subject.getClassSchema(),
      dev.ibridge.protocol.Subject.class,
      ProtocolMapper::toAvro,
      ProtocolMapper::fromAvro);

  private static final int HEADER_BYTES = 10;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Schema schema;
  private final long fingerprint;
  private final Codec<T, ?> codec;

  private <A extends SpecificRecord> AvroCodec(
      Schema schema, Class<A> avroClass, Function<T, A> toAvro, Function<A, T> fromAvro) {
    this.schema = schema;
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.codec = new Codec<>(schema, avroClass, toAvro, fromAvro);
  }

  /** The Avro schema of this message type, as generated from {@code ibridge.avdl}. */
  public Schema schema() {
    return schema;
  }

  /** The CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form. */
  public long fingerprint() {
    return fingerprint;
  }

  /** The Avro binary encoding of {@code value}, every array written as a single block. */
  public byte[] encodeBinary(T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // The direct encoder writes each array as one block; a BlockingBinaryEncoder would not.
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    codec.write(value, encoder);
    return out.toByteArray();
  }

  public T decodeBinary(byte[] bytes) throws DecodeException {
    checkSize(bytes.length);
    BinaryBounds.checkExactly(schema, bytes, 0, bytes.length, 0);
    try {
      return codec.read(DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException | RuntimeException e) {
      throw invalid(e);
    }
  }

  /** The single-object encoding of {@code value}: {@code C3 01}, the fingerprint, the body. */
  public byte[] encodeSingleObject(T value) {
    return codec.encodeMessage(value);
  }

  public T decodeSingleObject(byte[] bytes) throws DecodeException {
    checkSize(bytes.length);
    if (bytes.length < HEADER_BYTES) {
      throw new DecodeException(
          "a single-object message is at least " + HEADER_BYTES + " bytes, got " + bytes.length,
          bytes.length, null);
    }
    if ((bytes[0] & 0xFF) != 0xC3 || bytes[1] != 0x01) {
      throw new DecodeException(
          String.format("not a single-object message: it starts with %02x %02x, not c3 01",
              bytes[0] & 0xFF, bytes[1] & 0xFF),
          0, null);
    }
    long found = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (found != fingerprint) {
      throw new DecodeException(
          String.format("unknown schema fingerprint %016x: this decoder reads %s, fingerprint %016x",
              found, schema.getFullName(), fingerprint),
          2, null);
    }
    BinaryBounds.checkExactly(schema, bytes, HEADER_BYTES, bytes.length, HEADER_BYTES);
    try {
      return codec.decodeMessage(bytes);
    } catch (IOException | RuntimeException e) {
      throw invalid(e);
    }
  }

  /** The Avro JSON encoding of {@code value}. */
  public String encodeJson(T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
      codec.write(value, encoder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  public T decodeJson(String json) throws DecodeException {
    checkSize(json.length());
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
      throw new DecodeException("not JSON: " + e.getOriginalMessage(), offset, e);
    }
    if (tree == null || !tree.isObject()) {
      throw new DecodeException("Avro JSON of " + schema.getName() + " must be a JSON object", 0, null);
    }
    try {
      return codec.read(DecoderFactory.get().jsonDecoder(schema, json));
    } catch (IOException | RuntimeException e) {
      throw invalid(e);
    }
  }

  private static void checkSize(int size) throws DecodeException {
    if (size > Limits.MAX_MESSAGE_BYTES) {
      throw new DecodeException(
          "message is " + size + " bytes, more than the limit of " + Limits.MAX_MESSAGE_BYTES);
    }
  }

  private DecodeException invalid(Exception e) {
    return new DecodeException("invalid " + schema.getName() + ": " + e.getMessage(), e);
  }

  /** Ties a model type to its generated Avro class. */
  private static final class Codec<T, A extends SpecificRecord> {
    private final Schema schema;
    private final Class<A> avroClass;
    private final Function<T, A> toAvro;
    private final Function<A, T> fromAvro;
    private final BinaryMessageEncoder<A> messageEncoder;
    private final BinaryMessageDecoder<A> messageDecoder;

    Codec(Schema schema, Class<A> avroClass, Function<T, A> toAvro, Function<A, T> fromAvro) {
      this.schema = schema;
      this.avroClass = avroClass;
      this.toAvro = toAvro;
      this.fromAvro = fromAvro;
      this.messageEncoder = new BinaryMessageEncoder<>(ProtocolData.INSTANCE, schema);
      this.messageDecoder = new BinaryMessageDecoder<>(ProtocolData.INSTANCE, schema);
    }

    void write(T value, org.apache.avro.io.Encoder encoder) {
      A avro = toAvro.apply(Objects.requireNonNull(value, "value"));
      try {
        new SpecificDatumWriter<A>(schema, ProtocolData.INSTANCE).write(avro, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    T read(org.apache.avro.io.Decoder decoder) throws IOException {
      Object avro = new SpecificDatumReader<A>(schema, schema, ProtocolData.INSTANCE).read(null, decoder);
      return fromAvro.apply(avroClass.cast(avro));
    }

    byte[] encodeMessage(T value) {
      A avro = toAvro.apply(Objects.requireNonNull(value, "value"));
      try {
        ByteBuffer buffer = messageEncoder.encode(avro);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    T decodeMessage(byte[] bytes) throws IOException {
      return fromAvro.apply(messageDecoder.decode(bytes));
    }
  }
}

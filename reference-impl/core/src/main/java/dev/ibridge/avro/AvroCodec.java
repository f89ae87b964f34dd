package dev.ibridge.avro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.internal.BinaryBounds;
import dev.ibridge.internal.ProtocolData;
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
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.FastReaderBuilder;
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
  private final BinaryBounds.Plan bounds;
  private final Codec<T, ?> codec;

  private <A extends SpecificRecord> AvroCodec(
      Schema schema, Class<A> avroClass, Function<T, A> toAvro, Function<A, T> fromAvro) {
    this.schema = schema;
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.bounds = BinaryBounds.compile(schema);
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
    return codec.encodeBinary(value);
  }

  public T decodeBinary(byte[] bytes) throws DecodeException {
    checkSize(bytes.length);
    bounds.checkExactly(bytes, 0, bytes.length, 0);
    try {
      return codec.decodeBinary(bytes);
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
    bounds.checkExactly(bytes, HEADER_BYTES, bytes.length, HEADER_BYTES);
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

  /**
   * Ties a model type to its generated Avro class. The datum writer is stateless and shared; each
   * thread gets its own datum reader (which caches its schema resolution), binary encoder and
   * decoder, and output buffer, so a call allocates little more than its result.
   */
  private static final class Codec<T, A extends SpecificRecord> {
    /** A thread's output buffer is dropped after a message larger than this, not kept for reuse. */
    private static final int KEEP_BUFFER_BYTES = 64 * 1024;

    private final Class<A> avroClass;
    private final Function<T, A> toAvro;
    private final Function<A, T> fromAvro;
    private final SpecificDatumWriter<A> writer;
    private final BinaryMessageEncoder<A> messageEncoder;
    private final BinaryMessageDecoder<A> messageDecoder;
    private final ThreadLocal<PerThread<A>> perThread;

    Codec(Schema schema, Class<A> avroClass, Function<T, A> toAvro, Function<A, T> fromAvro) {
      this.avroClass = avroClass;
      this.toAvro = toAvro;
      this.fromAvro = fromAvro;
      this.writer = new SpecificDatumWriter<>(schema, ProtocolData.INSTANCE);
      this.messageEncoder = new BinaryMessageEncoder<>(ProtocolData.INSTANCE, schema);
      this.messageDecoder = new BinaryMessageDecoder<>(ProtocolData.INSTANCE, schema);
      this.perThread = ThreadLocal.withInitial(() -> new PerThread<>(
          new SpecificDatumReader<>(schema, schema, ProtocolData.INSTANCE), fastReader(schema)));
    }

    /**
     * Avro's generated-code reader for binary input. Avro only uses it by itself for its own data
     * models, not for a subclass such as {@link ProtocolData}, so it is built here explicitly; it
     * still resolves classes through {@link ProtocolData}. Input reaches it only after
     * {@link BinaryBounds} has checked it.
     */
    private static <A> DatumReader<A> fastReader(Schema schema) {
      try {
        return new FastReaderBuilder(ProtocolData.INSTANCE).createDatumReader(schema, schema);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot build a reader for " + schema.getFullName(), e);
      }
    }

    byte[] encodeBinary(T value) {
      A avro = toAvro.apply(Objects.requireNonNull(value, "value"));
      PerThread<A> state = perThread.get();
      Output out = state.out;
      out.reset();
      // The direct encoder writes each array as one block; a BlockingBinaryEncoder would not.
      state.encoder = EncoderFactory.get().directBinaryEncoder(out, state.encoder);
      try {
        writer.write(avro, state.encoder);
        state.encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (out.capacity() > KEEP_BUFFER_BYTES) {
          state.out = new Output();
        }
      }
      return out.toByteArray();
    }

    T decodeBinary(byte[] bytes) throws IOException {
      PerThread<A> state = perThread.get();
      state.decoder = DecoderFactory.get().binaryDecoder(bytes, state.decoder);
      return fromAvro.apply(avroClass.cast(state.binaryReader.read(null, state.decoder)));
    }

    void write(T value, org.apache.avro.io.Encoder encoder) {
      A avro = toAvro.apply(Objects.requireNonNull(value, "value"));
      try {
        writer.write(avro, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    T read(org.apache.avro.io.Decoder decoder) throws IOException {
      Object avro = perThread.get().reader.read(null, decoder);
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

  /** One thread's reusable reading and writing state for one codec. */
  private static final class PerThread<A> {
    final SpecificDatumReader<A> reader;
    final DatumReader<A> binaryReader;
    Output out = new Output();
    BinaryEncoder encoder;
    BinaryDecoder decoder;

    PerThread(SpecificDatumReader<A> reader, DatumReader<A> binaryReader) {
      this.reader = reader;
      this.binaryReader = binaryReader;
    }
  }

  /** A reusable in-memory output that can say how large its buffer has grown. */
  private static final class Output extends ByteArrayOutputStream {
    Output() {
      super(512);
    }

    int capacity() {
      return buf.length;
    }
  }
}

package dev.ibridge.conformance.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.internal.BinaryBounds;
import dev.ibridge.internal.Json;
import dev.ibridge.internal.ProtocolData;
import dev.ibridge.model.Limits;
import dev.ibridge.protocol.HarnessFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The two encodings of a {@link HarnessFrame}: the Avro single-object encoding (marker
 * {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the HarnessFrame schema,
 * then the Avro binary body) used in binary mode, and the Avro JSON encoding on one line used in
 * JSON-lines mode. Decoders throw {@link DecodeException} on any bad input and never allocate for
 * a length the input cannot hold.
 */
public final class FrameCodec {
  /** The largest frame either side sends or accepts: 64 MiB. */
  public static final int MAX_FRAME_BYTES = Limits.MAX_MESSAGE_BYTES;
  /** The schema every frame holds. */
  public static final Schema SCHEMA = HarnessFrame.getClassSchema();
  /** The CRC-64-AVRO fingerprint of {@link #SCHEMA}'s Parsing Canonical Form. */
  public static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(SCHEMA);

  private static final int HEADER_BYTES = 10;
  /** The reference's bounds walk, run on a frame's bytes before Avro reads them. */
  private static final BinaryBounds.Plan BOUNDS = BinaryBounds.compile(SCHEMA);
  /**
   * Parses a JSON-lines frame before Avro reads it: duplicate member names and text after the
   * value are errors, and Jackson's default limits bound nesting (1000 levels) and numbers (1000
   * characters), as REQ-SEC-008 asks.
   */
  private static final ObjectMapper STRICT_JSON = Json.STRICT;

  private FrameCodec() {}

  /** The fingerprint as the spec prints it: 16 hex digits of the little-endian bytes' value. */
  public static String fingerprintText(long fingerprint) {
    return String.format("%016x", fingerprint);
  }

  public static byte[] encodeSingleObject(HarnessFrame frame) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xC3);
    out.write(0x01);
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(FINGERPRINT).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<HarnessFrame>(SCHEMA, ProtocolData.INSTANCE).write(frame, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The fingerprint a single-object message claims, or empty when {@code bytes} does not start
   * with the single-object marker and a whole fingerprint.
   */
  public static java.util.OptionalLong claimedFingerprint(byte[] bytes) {
    if (bytes.length < HEADER_BYTES || (bytes[0] & 0xFF) != 0xC3 || bytes[1] != 0x01) {
      return java.util.OptionalLong.empty();
    }
    return java.util.OptionalLong.of(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
  }

  public static HarnessFrame decodeSingleObject(byte[] bytes) throws DecodeException {
    if (bytes.length > MAX_FRAME_BYTES) {
      throw new DecodeException("a frame is at most " + MAX_FRAME_BYTES + " bytes, got " + bytes.length);
    }
    java.util.OptionalLong claimed = claimedFingerprint(bytes);
    if (claimed.isEmpty()) {
      throw new DecodeException("not an Avro single-object message: it does not start with c3 01 and a fingerprint", 0, null);
    }
    if (claimed.getAsLong() != FINGERPRINT) {
      throw new DecodeException("the message has schema fingerprint " + fingerprintText(claimed.getAsLong())
          + ", not the harness schema's " + fingerprintText(FINGERPRINT), 2, null);
    }
    BOUNDS.checkExactly(bytes, HEADER_BYTES, bytes.length, HEADER_BYTES);
    try {
      return new SpecificDatumReader<HarnessFrame>(SCHEMA, SCHEMA, ProtocolData.INSTANCE)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES, null));
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("invalid HarnessFrame: " + e.getMessage(), e);
    }
  }

  /** Rejects members that {@code schema} does not define, which Avro's JSON decoder would skip. */
  private static void knownMembers(Schema schema, JsonNode node, String path) throws DecodeException {
    switch (schema.getType()) {
      case RECORD -> {
        if (!node.isObject()) {
          return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
          String name = names.next();
          Schema.Field field = schema.getField(name);
          if (field == null) {
            throw new DecodeException(path + " has the member \"" + name + "\", which " + schema.getName() + " does not define");
          }
          knownMembers(field.schema(), node.get(name), path + "." + name);
        }
      }
      case UNION -> {
        if (node.isObject() && node.size() == 1) {
          String branch = node.fieldNames().next();
          for (Schema b : schema.getTypes()) {
            if (b.getFullName().equals(branch)) {
              knownMembers(b, node.get(branch), path);
            }
          }
        }
      }
      case ARRAY -> {
        if (node.isArray()) {
          for (JsonNode item : node) {
            knownMembers(schema.getElementType(), item, path + "[]");
          }
        }
      }
      case MAP -> {
        if (node.isObject()) {
          for (JsonNode value : node) {
            knownMembers(schema.getValueType(), value, path + "{}");
          }
        }
      }
      default -> { }
    }
  }

  /** The Avro JSON encoding of {@code frame}, on one line, without the line feed. */
  public static String encodeJson(HarnessFrame frame) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(SCHEMA, out);
      new SpecificDatumWriter<HarnessFrame>(SCHEMA, ProtocolData.INSTANCE).write(frame, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  public static HarnessFrame decodeJson(String line) throws DecodeException {
    if (line.length() > MAX_FRAME_BYTES) {
      throw new DecodeException("a frame is at most " + MAX_FRAME_BYTES + " bytes, got a line of " + line.length());
    }
    try {
      knownMembers(SCHEMA, STRICT_JSON.readTree(line), "frame");
    } catch (JsonProcessingException e) {
      long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
      throw new DecodeException("not a JSON frame: " + e.getOriginalMessage(), offset, e);
    }
    try {
      return new SpecificDatumReader<HarnessFrame>(SCHEMA, SCHEMA, ProtocolData.INSTANCE)
          .read(null, DecoderFactory.get().jsonDecoder(SCHEMA, line));
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("invalid HarnessFrame JSON: " + e.getMessage(), e);
    }
  }
}

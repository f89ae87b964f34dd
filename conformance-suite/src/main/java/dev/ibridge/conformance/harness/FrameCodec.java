package dev.ibridge.conformance.harness;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Limits;
import dev.ibridge.protocol.HarnessFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
      new SpecificDatumWriter<HarnessFrame>(SCHEMA, HarnessData.INSTANCE).write(frame, encoder);
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
    FrameBounds.checkExactly(SCHEMA, bytes, HEADER_BYTES, bytes.length);
    try {
      return new SpecificDatumReader<HarnessFrame>(SCHEMA, SCHEMA, HarnessData.INSTANCE)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES, null));
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("invalid HarnessFrame: " + e.getMessage(), e);
    }
  }

  /** The Avro JSON encoding of {@code frame}, on one line, without the line feed. */
  public static String encodeJson(HarnessFrame frame) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(SCHEMA, out);
      new SpecificDatumWriter<HarnessFrame>(SCHEMA, HarnessData.INSTANCE).write(frame, encoder);
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
      return new SpecificDatumReader<HarnessFrame>(SCHEMA, SCHEMA, HarnessData.INSTANCE)
          .read(null, DecoderFactory.get().jsonDecoder(SCHEMA, line));
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("invalid HarnessFrame JSON: " + e.getMessage(), e);
    }
  }
}

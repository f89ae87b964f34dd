package dev.ibridge.capnp;

import dev.ibridge.capnp.schema.Ibridge;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import org.capnproto.ArrayOutputStream;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.Serialize;
import org.capnproto.StructFactory;
import org.capnproto.StructReader;

/**
 * Encodes and decodes the stored messages (Record, StoreHeader, and KeyMaterial on its own) in
 * Cap'n Proto's standard unpacked framing. Encoding is deterministic: one segment, objects in
 * schema order, every pointer set. Decoding checks the framing against {@link Limits} before it
 * allocates, reads with a traversal limit and nesting limit, requires every pointer, rejects
 * malformed UTF-8, unknown enum values and unknown union members, and re-checks every model
 * invariant (canonical list order included). Every failure is a {@link DecodeException}.
 */
public final class CapnpCodec {
  private static final int FIRST_SEGMENT_WORDS = 1024;

  private CapnpCodec() {}

  public static byte[] encodeRecord(Record r) {
    return encode(m -> ToCapnp.record(r, m.initRoot(Ibridge.Record.factory)));
  }

  public static Record decodeRecord(byte[] bytes) throws DecodeException {
    return decode(bytes, Ibridge.Record.factory, FromCapnp::record);
  }

  /** Reads exactly one Record message from {@code in}, leaving any bytes after it unread. */
  public static Record readRecord(ReadableByteChannel in) throws DecodeException {
    return decode(StreamFraming.read(in), Ibridge.Record.factory, FromCapnp::record);
  }

  public static byte[] encodeStoreHeader(StoreHeader h) {
    return encode(m -> ToCapnp.storeHeader(h, m.initRoot(Ibridge.StoreHeader.factory)));
  }

  public static StoreHeader decodeStoreHeader(byte[] bytes) throws DecodeException {
    return decode(bytes, Ibridge.StoreHeader.factory, FromCapnp::storeHeader);
  }

  public static byte[] encodeKeyMaterial(KeyMaterial km) {
    return encode(m -> ToCapnp.keyMaterial(km, m.initRoot(Ibridge.KeyMaterial.factory)));
  }

  public static KeyMaterial decodeKeyMaterial(byte[] bytes) throws DecodeException {
    return decode(bytes, Ibridge.KeyMaterial.factory, FromCapnp::keyMaterial);
  }

  /**
   * Builds the message in one segment. If the first attempt overflows the first segment, it is
   * rebuilt with a first segment as large as all the segments together, which always suffices.
   */
  private static byte[] encode(java.util.function.Consumer<MessageBuilder> fill) {
    MessageBuilder message = new MessageBuilder(FIRST_SEGMENT_WORDS);
    fill.accept(message);
    ByteBuffer[] segments = message.getSegmentsForOutput();
    if (segments.length > 1) {
      long words = 0;
      for (ByteBuffer segment : segments) {
        words += segment.limit() / 8;
      }
      if (words > StreamFraming.MAX_WORDS) {
        throw new IllegalArgumentException("the message would be " + words * 8
            + " bytes, more than the limit of " + Limits.MAX_MESSAGE_BYTES);
      }
      message = new MessageBuilder((int) words + 1);
      fill.accept(message);
      segments = message.getSegmentsForOutput();
      if (segments.length != 1) {
        throw new IllegalStateException("a " + words + "-word first segment did not hold the message");
      }
    }
    if (segments[0].limit() / 8 > StreamFraming.MAX_WORDS) {
      throw new IllegalArgumentException("the message would be " + segments[0].limit()
          + " bytes, more than the limit of " + Limits.MAX_MESSAGE_BYTES);
    }
    // One segment: an 8-byte table (segment count minus one, then the size in words), then the segment.
    byte[] bytes = new byte[8 + segments[0].limit()];
    try {
      Serialize.write(new ArrayOutputStream(ByteBuffer.wrap(bytes)), message);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes;
  }

  private static <R extends StructReader, T> T decode(
      byte[] bytes, StructFactory<?, R> root, FromCapnp.Converter<R, T> convert) throws DecodeException {
    return decode(StreamFraming.whole(bytes), root, convert);
  }

  private static <R extends StructReader, T> T decode(
      StreamFraming.Frame frame, StructFactory<?, R> root, FromCapnp.Converter<R, T> convert) throws DecodeException {
    try {
      MessageReader message = frame.reader();
      return convert.convert(message.getRoot(root));
    } catch (DecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("malformed Cap'n Proto message: " + describe(e), -1, e);
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

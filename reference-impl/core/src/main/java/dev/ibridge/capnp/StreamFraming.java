package dev.ibridge.capnp;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Limits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;

/**
 * Reads one message in the standard unpacked stream framing: a segment table (segment count minus
 * one, then each segment's size in words, all 32-bit little-endian, padded to a word), then the
 * segments. The table is checked against the limits before anything is allocated for the
 * segments, and the segments are read in bounded chunks, so a table that promises more than the
 * input holds costs no more memory than the input itself.
 */
final class StreamFraming {
  /** Most segments in one message. A writer of this protocol always writes one. */
  static final int MAX_SEGMENTS = Limits.MAX_CAPNP_SEGMENTS;
  /** Most words in one message, segment table excluded. */
  static final long MAX_WORDS = Limits.MAX_CAPNP_WORDS;
  /** Nesting limit for the capnp reader: far deeper than the protocol's structs ever go. */
  static final int NESTING_LIMIT = Limits.CAPNP_NESTING_LIMIT;

  static final ReaderOptions OPTIONS = new ReaderOptions(MAX_WORDS, NESTING_LIMIT);

  private static final int CHUNK = 64 * 1024;

  private StreamFraming() {}

  /** A framed message: all its bytes, segment table included, already checked against its table. */
  record Frame(byte[] bytes) {
    MessageReader reader() throws IOException {
      return Serialize.read(ByteBuffer.wrap(bytes), OPTIONS);
    }
  }

  static Frame read(ReadableByteChannel in) throws DecodeException {
    try {
      ByteBuffer first = readFully(in, 4, 0, "the segment count");
      int segments = segmentCount(first.getInt(0));
      int tableBytes = tableBytes(segments);
      ByteBuffer sizes = readFully(in, tableBytes - 4, 4, "the segment table");
      long words = checkSizes(sizes, 0, segments);
      byte[] bytes = new byte[tableBytes];
      bytes[0] = first.get(0);
      bytes[1] = first.get(1);
      bytes[2] = first.get(2);
      bytes[3] = first.get(3);
      sizes.get(0, bytes, 4, tableBytes - 4);
      return new Frame(readBody(in, bytes, tableBytes, (int) (words * 8)));
    } catch (DecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("cannot read the message: " + e, -1, e);
    }
  }

  /**
   * Checks that {@code bytes} hold exactly one message, without copying them. The checks, their
   * order, messages and offsets are those of {@link #read} on a channel over the same bytes, plus
   * the rejection of bytes after the message.
   */
  static Frame whole(byte[] bytes) throws DecodeException {
    try {
      int length = bytes.length;
      if (length < 4) {
        if (length == 0) {
          throw new DecodeException("empty input: expected a Cap'n Proto message", 0, null);
        }
        throw new DecodeException("the message is truncated inside the segment count", length, null);
      }
      ByteBuffer table = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int segments = segmentCount(table.getInt(0));
      int tableBytes = tableBytes(segments);
      if (length < tableBytes) {
        throw new DecodeException("the message is truncated inside the segment table", length, null);
      }
      long body = checkSizes(table, 4, segments) * 8;
      if (length - tableBytes < body) {
        throw new DecodeException("the message is truncated: the segment table promises " + body
            + " bytes of segments but only " + (length - tableBytes) + " follow", length, null);
      }
      long frameBytes = tableBytes + body;
      if (length != frameBytes) {
        throw new DecodeException((length - frameBytes)
            + " bytes follow the message; a stored message is exactly one message", frameBytes, null);
      }
      return new Frame(bytes);
    } catch (DecodeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DecodeException("cannot read the message: " + e, -1, e);
    }
  }

  private static int segmentCount(int rawCountMinusOne) throws DecodeException {
    long countMinusOne = Integer.toUnsignedLong(rawCountMinusOne);
    if (countMinusOne >= MAX_SEGMENTS) {
      throw new DecodeException("the segment table declares " + (countMinusOne + 1)
          + " segments, more than the limit of " + MAX_SEGMENTS, 0, null);
    }
    return (int) countMinusOne + 1;
  }

  /** Bytes of the segment table, padding included. */
  private static int tableBytes(int segments) {
    return 4 * (segments + 1) + (segments % 2 == 0 ? 4 : 0);
  }

  /** Checks the segment sizes that start at {@code base} in {@code sizes}; returns the total words. */
  private static long checkSizes(ByteBuffer sizes, int base, int segments) throws DecodeException {
    long words = 0;
    for (int i = 0; i < segments; i++) {
      long size = Integer.toUnsignedLong(sizes.getInt(base + 4 * i));
      if (i == 0 && size == 0) {
        throw new DecodeException("segment 0 is empty, so the message has no root pointer", 4, null);
      }
      words += size;
      if (words > MAX_WORDS) {
        throw new DecodeException("the segment table declares more than " + MAX_WORDS
            + " words (" + Limits.MAX_MESSAGE_BYTES + " bytes), the message size limit", 4 + 4L * i, null);
      }
    }
    return words;
  }

  /** Appends {@code length} body bytes to {@code header}, growing the array only as bytes arrive. */
  private static byte[] readBody(ReadableByteChannel in, byte[] header, int start, int length) throws IOException {
    byte[] bytes = Arrays.copyOf(header, start + Math.min(length, CHUNK));
    int filled = start;
    int end = start + length;
    while (filled < end) {
      if (filled == bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(end, 2L * bytes.length));
      }
      int n = in.read(ByteBuffer.wrap(bytes, filled, bytes.length - filled));
      if (n < 0) {
        throw new DecodeException("the message is truncated: the segment table promises " + length
            + " bytes of segments but only " + (filled - start) + " follow", filled, null);
      }
      filled += n;
    }
    return bytes;
  }

  private static ByteBuffer readFully(ReadableByteChannel in, int length, long offset, String what) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (in.read(buffer) < 0) {
        if (offset == 0 && buffer.position() == 0) {
          throw new DecodeException("empty input: expected a Cap'n Proto message", 0, null);
        }
        throw new DecodeException("the message is truncated inside " + what, offset + buffer.position(), null);
      }
    }
    return buffer;
  }
}

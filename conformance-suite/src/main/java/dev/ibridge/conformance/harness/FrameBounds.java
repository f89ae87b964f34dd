package dev.ibridge.conformance.harness;

import dev.ibridge.codec.DecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;

/**
 * Walks Avro binary data against a schema without building values, checking that every length,
 * count, enum symbol and union branch fits the input. Run before decoding, it keeps Avro from
 * allocating for a length or count that the frame cannot hold.
 */
final class FrameBounds {
  private static final int MAX_EMPTY_ITEMS = 1 << 16;

  private final byte[] buf;
  private final int end;
  private int pos;

  private FrameBounds(byte[] buf, int start, int end) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** Checks that {@code buf[start, end)} holds exactly one value of {@code schema}. */
  static void checkExactly(Schema schema, byte[] buf, int start, int end) throws DecodeException {
    FrameBounds b = new FrameBounds(buf, start, end);
    b.value(schema);
    if (b.pos != end) {
      throw new DecodeException((end - b.pos) + " bytes follow the " + schema.getName() + " value", b.pos, null);
    }
  }

  private void value(Schema s) throws DecodeException {
    switch (s.getType()) {
      case NULL -> { }
      case BOOLEAN -> {
        int v = take(1);
        if ((buf[v] & 0xFF) > 1) {
          throw fail("a boolean must be 0 or 1, got " + (buf[v] & 0xFF), v);
        }
      }
      case INT -> {
        long v = varLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw fail("an int is out of range: " + v, pos);
        }
      }
      case LONG -> varLong();
      case FLOAT -> take(4);
      case DOUBLE -> take(8);
      case BYTES -> take(length());
      case STRING -> utf8(take(length()));
      case FIXED -> take(s.getFixedSize());
      case ENUM -> {
        int at = pos;
        long i = varLong();
        if (i < 0 || i >= s.getEnumSymbols().size()) {
          throw fail("enum " + s.getName() + " has no symbol " + i, at);
        }
      }
      case UNION -> {
        int at = pos;
        long i = varLong();
        if (i < 0 || i >= s.getTypes().size()) {
          throw fail("the union has no branch " + i, at);
        }
        value(s.getTypes().get((int) i));
      }
      case RECORD -> {
        for (Schema.Field f : s.getFields()) {
          value(f.schema());
        }
      }
      case ARRAY -> blocks(s.getElementType(), null);
      case MAP -> blocks(s.getValueType(), Schema.create(Schema.Type.STRING));
    }
  }

  private void blocks(Schema item, Schema key) throws DecodeException {
    while (true) {
      int at = pos;
      long count = varLong();
      if (count == 0) {
        return;
      }
      if (count < 0) {
        count = -count;
        length();
      }
      long limit = isEmpty(item) && key == null ? MAX_EMPTY_ITEMS : end - pos;
      if (count > limit) {
        throw fail("a block of " + count + " items cannot fit in the " + (end - pos) + " bytes left", at);
      }
      for (long i = 0; i < count; i++) {
        if (key != null) {
          value(key);
        }
        value(item);
      }
    }
  }

  private static boolean isEmpty(Schema s) {
    return switch (s.getType()) {
      case NULL -> true;
      case RECORD -> s.getFields().stream().allMatch(f -> isEmpty(f.schema()));
      default -> false;
    };
  }

  private int length() throws DecodeException {
    int at = pos;
    long n = varLong();
    if (n < 0 || n > end - pos) {
      throw fail("a length of " + n + " does not fit in the " + (end - pos) + " bytes left", at);
    }
    return (int) n;
  }

  private void utf8(int at) throws DecodeException {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, at, pos - at));
    } catch (CharacterCodingException e) {
      throw fail("a string is not valid UTF-8", at);
    }
  }

  private int take(int n) throws DecodeException {
    if (n > end - pos) {
      throw fail("the frame ends " + (n - (end - pos)) + " bytes too early", pos);
    }
    int at = pos;
    pos += n;
    return at;
  }

  private long varLong() throws DecodeException {
    long raw = 0;
    int at = pos;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw fail("the frame ends inside a number", at);
      }
      int b = buf[pos++] & 0xFF;
      raw |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw fail("a number is longer than 10 bytes", at);
  }

  private DecodeException fail(String message, int at) {
    return new DecodeException(message, at, null);
  }
}

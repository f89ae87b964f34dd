package dev.ibridge.internal;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Limits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Walks Avro binary data against its writer schema before anything is decoded, and rejects it at
 * the first byte that cannot be valid: a length or item count that the remaining bytes cannot
 * hold, a union branch or enum symbol out of range, a varint too long for its type, a string that
 * is not UTF-8, or nesting deeper than {@value #MAX_DEPTH}. Once the walk passes, Avro's own
 * decoder can read the same bytes without allocating more than a small multiple of their size.
 *
 * <p>Avro 1.12.2 already refuses a string, bytes or collection longer than the bytes an
 * in-memory input has left (it throws {@code EOFException}). This walk does not rely on that
 * library detail, and adds what Avro does not check: the byte offset of the problem, strict UTF-8,
 * ints that overflow 32 bits, block sizes that disagree with their items, and trailing bytes.
 *
 * <p>A schema is compiled once into a {@link Plan}, a tree of nodes that holds everything the walk
 * needs (branch counts, fixed sizes, the smallest size of an array item, the names errors use), so
 * checking a value does no schema analysis and builds no strings unless it fails.
 */
public final class BinaryBounds {
  static final int MAX_DEPTH = Limits.AVRO_NESTING_LIMIT;
  /** Most items in one block of a type whose values can take no bytes at all. */
  private static final int MAX_ZERO_SIZE_ITEMS = Limits.MAX_AVRO_ZERO_SIZE_ITEMS;
  /** Reads eight bytes at once, to test them for ASCII together. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] buf;
  private final int end;
  private final long reportBase;
  private int pos;

  private BinaryBounds(byte[] buf, int start, int end, long reportBase) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.reportBase = reportBase - start;
  }

  /** Compiles {@code schema} into a plan that checks values of it. */
  public static Plan compile(Schema schema) {
    return new Plan(schema, node(schema, new IdentityHashMap<>()));
  }

  /** The checks for one writer schema; immutable, so one plan serves every thread. */
  public static final class Plan {
    private final Schema schema;
    private final Node root;

    private Plan(Schema schema, Node root) {
      this.schema = schema;
      this.root = root;
    }

    /** Checks that {@code buf[start, end)} holds exactly one value of the schema. */
    public void checkExactly(byte[] buf, int start, int end, long reportBase) throws DecodeException {
      BinaryBounds b = new BinaryBounds(buf, start, end, reportBase);
      b.value(root, 0);
      if (b.pos != end) {
        throw b.error((end - b.pos) + " trailing bytes after the " + schema.getName() + " value");
      }
    }

    /** Checks that one value of the schema starts at {@code start}; returns where it ends. */
    public int checkOne(byte[] buf, int start, int end, long reportBase) throws DecodeException {
      BinaryBounds b = new BinaryBounds(buf, start, end, reportBase);
      b.value(root, 0);
      return b.pos;
    }
  }

  /** One schema, compiled. A recursive schema compiles to a graph with a cycle. */
  private static final class Node {
    final Schema.Type type;
    /** FIXED: the size; ENUM: the symbol count. */
    int size;
    /** FIXED: the full name; ENUM: what an index names. */
    String what;
    /** UNION: the branches; RECORD: the field types, in order. */
    Node[] children;
    /** ARRAY: the item; MAP: the value. */
    Node item;
    /** ARRAY, MAP: the fewest bytes one item (with its key) takes. */
    int minItem;

    Node(Schema.Type type) {
      this.type = type;
    }
  }

  private static final Node STRING = new Node(Schema.Type.STRING);

  private static Node node(Schema s, Map<Schema, Node> compiled) {
    Node done = compiled.get(s);
    if (done != null) {
      return done;
    }
    Node n = new Node(s.getType());
    compiled.put(s, n);
    switch (s.getType()) {
      case FIXED -> {
        n.size = s.getFixedSize();
        n.what = s.getFullName();
      }
      case ENUM -> {
        n.size = s.getEnumSymbols().size();
        n.what = "enum symbol of " + s.getFullName();
      }
      case UNION -> n.children = nodes(s.getTypes(), compiled);
      case RECORD -> {
        List<Schema> types = new ArrayList<>();
        for (Schema.Field f : s.getFields()) {
          types.add(f.schema());
        }
        n.children = nodes(types, compiled);
      }
      case ARRAY -> {
        n.item = node(s.getElementType(), compiled);
        n.minItem = minSize(s.getElementType(), new HashSet<>());
      }
      case MAP -> {
        n.item = node(s.getValueType(), compiled);
        n.minItem = minSize(s.getValueType(), new HashSet<>()) + 1;
      }
      default -> { }
    }
    return n;
  }

  private static Node[] nodes(List<Schema> schemas, Map<Schema, Node> compiled) {
    Node[] out = new Node[schemas.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node(schemas.get(i), compiled);
    }
    return out;
  }

  private void value(Node s, int depth) throws DecodeException {
    if (depth > MAX_DEPTH) {
      throw error("values are nested more than " + MAX_DEPTH + " deep");
    }
    switch (s.type) {
      case NULL -> { }
      case BOOLEAN -> {
        int b = take(1, "boolean");
        if (buf[b] != 0 && buf[b] != 1) {
          throw error("boolean byte must be 0 or 1, got " + (buf[b] & 0xFF), b);
        }
      }
      case INT -> varint(5, "int");
      case LONG -> varint(10, "long");
      case FLOAT -> take(4, "float");
      case DOUBLE -> take(8, "double");
      case FIXED -> take(s.size, s.what);
      case BYTES -> take(length("bytes"), "bytes");
      case STRING -> {
        int n = length("string");
        int at = take(n, "string");
        if (!isAscii(at, n)) {
          try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(buf, at, n));
          } catch (CharacterCodingException e) {
            throw error("string is not valid UTF-8", at);
          }
        }
      }
      case ENUM -> index(s.size, s.what);
      case UNION -> value(s.children[index(s.children.length, "union branch")], depth + 1);
      case RECORD -> {
        for (Node field : s.children) {
          value(field, depth + 1);
        }
      }
      case ARRAY -> blocks(s.item, null, s.minItem, depth);
      case MAP -> blocks(s.item, STRING, s.minItem, depth);
    }
  }

  /** ASCII is valid UTF-8, and checking for it needs no decoder. */
  private boolean isAscii(int at, int n) {
    int i = at;
    for (; i + 8 <= at + n; i += 8) {
      if (((long) LONGS.get(buf, i) & 0x8080808080808080L) != 0) {
        return false;
      }
    }
    for (; i < at + n; i++) {
      if (buf[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private void blocks(Node item, Node key, int minItem, int depth) throws DecodeException {
    while (true) {
      int countAt = pos;
      long count = varint(10, "block count");
      if (count == 0) {
        return;
      }
      long blockEnd = -1;
      if (count < 0) {
        if (count == Long.MIN_VALUE) {
          throw error("block count out of range", countAt);
        }
        count = -count;
        int size = length("block size");
        blockEnd = (long) pos + size;
      }
      long room = end - pos;
      if (count > (minItem == 0 ? MAX_ZERO_SIZE_ITEMS : room / minItem)) {
        throw error("block claims " + count + " items but only " + room + " bytes remain", countAt);
      }
      for (long i = 0; i < count; i++) {
        if (key != null) {
          value(key, depth + 1);
        }
        value(item, depth + 1);
      }
      if (blockEnd >= 0 && pos != blockEnd) {
        throw error("block size does not match its items", countAt);
      }
    }
  }

  /** The fewest bytes a value of {@code s} can take; a lower bound for recursive types. */
  private static int minSize(Schema s, Set<String> visiting) {
    return switch (s.getType()) {
      case NULL -> 0;
      case FLOAT -> 4;
      case DOUBLE -> 8;
      case FIXED -> s.getFixedSize();
      case UNION -> {
        int min = Integer.MAX_VALUE;
        for (Schema branch : s.getTypes()) {
          min = Math.min(min, minSize(branch, visiting));
        }
        yield 1 + (s.getTypes().isEmpty() ? 0 : min);
      }
      case RECORD -> {
        if (!visiting.add(s.getFullName())) {
          yield 0;
        }
        long sum = 0;
        for (Schema.Field f : s.getFields()) {
          sum += minSize(f.schema(), visiting);
        }
        visiting.remove(s.getFullName());
        yield (int) Math.min(sum, Integer.MAX_VALUE);
      }
      default -> 1;
    };
  }

  private int index(int size, String what) throws DecodeException {
    int at = pos;
    long i = varint(5, what);
    if (i < 0 || i >= size) {
      throw error(what + " index " + i + " is out of range [0, " + size + ")", at);
    }
    return (int) i;
  }

  private int length(String what) throws DecodeException {
    int at = pos;
    long n = varint(10, what + " length");
    if (n < 0 || n > end - pos) {
      throw error(what + " length " + n + " exceeds the " + (end - pos) + " bytes that remain", at);
    }
    return (int) n;
  }

  /** Reads a zig-zag varint of at most {@code maxBytes} bytes and returns its value. */
  private long varint(int maxBytes, String what) throws DecodeException {
    int at = pos;
    long raw = 0;
    for (int i = 0; ; i++) {
      if (pos >= end) {
        throw error("input ends inside a " + what, at);
      }
      int b = buf[pos++] & 0xFF;
      raw |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        boolean tooBig = (maxBytes == 5 && i == 4 && b > 0x0F) || (maxBytes == 10 && i == 9 && b > 0x01);
        if (tooBig) {
          throw error(what + " does not fit in " + (maxBytes == 5 ? "32" : "64") + " bits", at);
        }
        return (raw >>> 1) ^ -(raw & 1);
      }
      if (i + 1 == maxBytes) {
        throw error(what + " varint is longer than " + maxBytes + " bytes", at);
      }
    }
  }

  private int take(int n, String what) throws DecodeException {
    if (n > end - pos) {
      throw error("input ends inside a " + what + " (" + n + " bytes needed, " + (end - pos) + " remain)", pos);
    }
    int at = pos;
    pos += n;
    return at;
  }

  private DecodeException error(String message) {
    return error(message, pos);
  }

  private DecodeException error(String message, int at) {
    return new DecodeException(message, reportBase + at, null);
  }
}

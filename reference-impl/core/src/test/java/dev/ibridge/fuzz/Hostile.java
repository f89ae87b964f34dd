package dev.ibridge.fuzz;

import dev.ibridge.model.Limits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-crafted hostile inputs: Cap'n Proto pointer loops, amplification (deep nesting, lists that
 * claim huge element counts, far-pointer chains, lying segment tables), Avro length prefixes near
 * 2^31 and negative, unknown single-object fingerprints, and JSON that is deep, huge or invalid.
 * Each is built from the layout of a valid message, so it reaches the field it attacks.
 */
final class Hostile {
  /** One crafted input and what it attacks. */
  record Input(String description, byte[] bytes) {}

  private static final int MAX_LIST = (1 << 29) - 1;

  private Hostile() {}

  // ------------------------------------------------------------------ Cap'n Proto words

  static long structPointer(int offsetWords, int dataWords, int pointerWords) {
    return ((offsetWords << 2) & 0xFFFF_FFFFL) | ((long) (dataWords & 0xFFFF) << 32) | ((long) (pointerWords & 0xFFFF) << 48);
  }

  /** A list pointer; {@code count} is the element count, or the word count for composite lists. */
  static long listPointer(int offsetWords, int elementSize, int count) {
    return (((offsetWords << 2) | 1) & 0xFFFF_FFFFL) | (((long) elementSize | ((long) count << 3)) & 0xFFFF_FFFFL) << 32;
  }

  static long farPointer(boolean doubleFar, int padOffsetWords, int segment) {
    return (((padOffsetWords << 3) | (doubleFar ? 4 : 0) | 2) & 0xFFFF_FFFFL) | ((long) segment << 32);
  }

  /** A composite list's tag word: element count and the size of each element. */
  static long tag(int count, int dataWords, int pointerWords) {
    return structPointer(count, dataWords, pointerWords);
  }

  /** Standard unpacked stream framing of the given segments. */
  static byte[] frame(long[]... segments) {
    int[] sizes = Arrays.stream(segments).mapToInt(s -> s.length).toArray();
    int words = Arrays.stream(sizes).sum();
    return rawFrame(segments.length - 1, sizes, words, segments);
  }

  private static byte[] rawFrame(int countMinusOne, int[] sizes, int words, long[]... segments) {
    int header = 4 + 4 * sizes.length;
    header += header % 8;
    ByteBuffer b = ByteBuffer.allocate(header + 8 * words).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(countMinusOne);
    for (int s : sizes) {
      b.putInt(s);
    }
    b.position(header);
    for (long[] segment : segments) {
      for (long w : segment) {
        b.putLong(w);
      }
    }
    return b.array();
  }

  /** A frame header that claims {@code sizes} but is followed by only {@code bodyWords} zero words. */
  static byte[] lyingFrame(int countMinusOne, int[] sizes, int bodyWords) {
    return rawFrame(countMinusOne, sizes, bodyWords, new long[bodyWords]);
  }

  /** The single segment of a valid one-segment message, as words. */
  static long[] segmentOf(byte[] message) {
    ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
    if (message.length < 8 || b.getInt(0) != 0 || b.getInt(4) * 8L != message.length - 8) {
      throw new IllegalArgumentException("expected a one-segment message, got " + message.length + " bytes");
    }
    long[] words = new long[b.getInt(4)];
    for (int i = 0; i < words.length; i++) {
      words[i] = b.getLong(8 + 8 * i);
    }
    return words;
  }

  /**
   * Attacks on every pointer of the root struct of {@code valid} (a one-segment message) and on
   * the root pointer itself, plus attacks that need no valid message.
   */
  static List<Input> capnp(byte[] valid) {
    List<Input> out = new ArrayList<>();
    long[] seg = segmentOf(valid);
    long root = seg[0];
    int rootOffset = (int) root >> 2;
    int dataWords = (int) (root >>> 32) & 0xFFFF;
    int pointers = (int) (root >>> 48) & 0xFFFF;
    int structAt = 1 + rootOffset;
    out.addAll(pointerAttacks(seg, 0, structAt, dataWords, pointers, "root pointer"));
    for (int i = 0; i < pointers; i++) {
      int at = structAt + dataWords + i;
      out.addAll(pointerAttacks(seg, at, structAt, dataWords, pointers, "root pointer field " + i));
    }
    out.addAll(capnpWithoutTemplate());
    return out;
  }

  private static List<Input> pointerAttacks(long[] seg, int at, int structAt, int dataWords, int pointers, String where) {
    List<Input> out = new ArrayList<>();
    int end = seg.length;
    out.add(patched(seg, at, structPointer(structAt - (at + 1), dataWords, pointers), where + " points back at the root struct (loop)"));
    out.add(patched(seg, at, structPointer(-1, 0, 1), where + " is a struct pointer to itself (loop)"));
    out.add(patched(seg, at, structPointer(end - (at + 1), 0xFFFF, 0xFFFF), where + " claims a struct of 65535+65535 words past the end"));
    out.add(appended(seg, at, listPointer(end - (at + 1), 7, 0), new long[] {tag(MAX_LIST, 0, 0)}, where + " is a composite list of 2^29-1 zero-size elements (amplification)"));
    out.add(appended(seg, at, listPointer(end - (at + 1), 7, MAX_LIST), new long[] {tag(1 << 28, 1, 1)}, where + " is a composite list claiming 2^29-1 words"));
    out.add(appended(seg, at, listPointer(end - (at + 1), 7, 1), new long[] {tag(MAX_LIST, 0, 0), 0}, where + " is a composite list whose tag claims more elements than its words hold"));
    out.add(patched(seg, at, listPointer(end - (at + 1), 0, MAX_LIST), where + " is a void list of 2^29-1 elements (amplification)"));
    out.add(patched(seg, at, listPointer(end - (at + 1), 1, MAX_LIST), where + " is a bit list of 2^29-1 elements"));
    out.add(patched(seg, at, listPointer(end - (at + 1), 2, MAX_LIST), where + " is a byte list (text) of 2^29-1 bytes"));
    out.add(patched(seg, at, listPointer(end - (at + 1), 6, MAX_LIST), where + " is a pointer list of 2^29-1 elements"));
    out.add(patched(seg, at, listPointer(Integer.MIN_VALUE >> 2, 5, 1), where + " is a list pointer with the most negative offset"));
    out.add(patched(seg, at, farPointer(false, 0, 7), where + " is a far pointer into a missing segment"));
    out.add(patched(seg, at, farPointer(true, 0x1FFF_FFFF, 0), where + " is a double-far pointer past the end"));
    out.add(patched(seg, at, 3L, where + " is an other-kind (capability) pointer"));
    out.add(farChain(seg, at, 200, false, where + " starts a chain of 200 far pointers"));
    out.add(farChain(seg, at, 2, true, where + " is a double-far whose landing pad is a far pointer to itself"));
    return out;
  }

  private static Input patched(long[] seg, int at, long word, String description) {
    long[] c = seg.clone();
    c[at] = word;
    return new Input(description, frame(c));
  }

  private static Input appended(long[] seg, int at, long word, long[] tail, String description) {
    long[] c = Arrays.copyOf(seg, seg.length + tail.length);
    c[at] = word;
    System.arraycopy(tail, 0, c, seg.length, tail.length);
    return new Input(description, frame(c));
  }

  /** Segment 0 is {@code seg} with {@code at} patched; segment k holds a far pointer to segment k+1. */
  private static Input farChain(long[] seg, int at, int length, boolean selfLoop, String description) {
    long[][] segments = new long[length + 1][];
    segments[0] = seg.clone();
    segments[0][at] = farPointer(selfLoop, 0, 1);
    for (int k = 1; k <= length; k++) {
      int next = selfLoop ? k : Math.min(k + 1, length);
      segments[k] = new long[] {farPointer(false, 0, next), structPointer(0, 0, 0)};
    }
    return new Input(description, frame(segments));
  }

  private static List<Input> capnpWithoutTemplate() {
    List<Input> out = new ArrayList<>();
    int chain = 1000;
    long[] deep = new long[1 + chain * 8];
    deep[0] = structPointer(0, 0, 8);
    for (int k = 0; k < chain - 1; k++) {
      for (int p = 0; p < 8; p++) {
        int at = 1 + k * 8 + p;
        int next = 1 + (k + 1) * 8;
        deep[at] = structPointer(next - (at + 1), 0, 8);
      }
    }
    out.add(new Input("1000 nested structs, every pointer leads one level deeper", frame(deep)));
    long[] loop = new long[9];
    loop[0] = structPointer(0, 0, 8);
    for (int p = 0; p < 8; p++) {
      loop[1 + p] = structPointer(1 - (2 + p), 0, 8);
    }
    out.add(new Input("every pointer of the root struct points back at it", frame(loop)));
    out.add(new Input("the root pointer points at itself", frame(new long[] {structPointer(-1, 0, 1)})));
    out.add(new Input("empty input", new byte[0]));
    out.add(new Input("four bytes", new byte[] {0, 0, 0, 0}));
    out.add(new Input("segment count field 0xFFFFFFFF", lyingFrame(-1, new int[] {1}, 1)));
    out.add(new Input("513 segments", lyingFrame(512, new int[513], 0)));
    out.add(new Input("100000 segments claimed, header only", lyingFrame(99_999, new int[] {0}, 0)));
    out.add(new Input("segment of 0x7FFFFFFF words", lyingFrame(0, new int[] {0x7FFF_FFFF}, 1)));
    out.add(new Input("segment of 0xFFFFFFFF words", lyingFrame(0, new int[] {-1}, 1)));
    out.add(new Input("two segments of 2^30 words each (sum overflows 32 bits)", lyingFrame(1, new int[] {1 << 30, 1 << 30}, 1)));
    out.add(new Input("two segments whose sizes sum to 2^32 + 1", lyingFrame(1, new int[] {-1, 2}, 1)));
    out.add(new Input("one segment of exactly the message limit, body missing", lyingFrame(0, new int[] {Limits.MAX_MESSAGE_BYTES / 8}, 1)));
    out.add(new Input("one segment one word over the message limit", lyingFrame(0, new int[] {Limits.MAX_MESSAGE_BYTES / 8 + 1}, 1)));
    int many = 511;
    long[][] segments = new long[many][];
    segments[0] = new long[] {farPointer(false, 0, 1)};
    for (int k = 1; k < many; k++) {
      segments[k] = new long[] {farPointer(false, 0, Math.min(k + 1, many - 1))};
    }
    out.add(new Input("511 segments linked by far pointers, the last pointing at itself", frame(segments)));
    return out;
  }

  // ------------------------------------------------------------------ Avro

  /** Overlong and edge-of-range varints at every position of {@code valid}, and negative blocks. */
  static List<Input> avroBinary(byte[] valid, String what) {
    long[] values = {Integer.MAX_VALUE, Integer.MAX_VALUE - 8L, 1L << 31, -1, Integer.MIN_VALUE, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE};
    List<Input> out = new ArrayList<>();
    for (int at = 0; at <= valid.length; at++) {
      int end = at;
      while (end < valid.length && (valid[end] & 0x80) != 0) {
        end++;
      }
      end = Math.min(valid.length, end + 1);
      for (long v : values) {
        out.add(new Input(what + ": length/count " + v + " at byte " + at, splice(valid, at, end, Mutator.zigZagVarint(v))));
      }
      byte[] negativeBlock = concat(Mutator.zigZagVarint(-1_000_000), Mutator.zigZagVarint(Long.MAX_VALUE));
      out.add(new Input(what + ": block of -10^6 items claiming 2^63-1 bytes at byte " + at, splice(valid, at, end, negativeBlock)));
      byte[] overlong = new byte[11];
      Arrays.fill(overlong, (byte) 0xFF);
      overlong[10] = 1;
      out.add(new Input(what + ": 11-byte varint at byte " + at, splice(valid, at, end, overlong)));
    }
    return out;
  }

  /** Single-object framing attacks against a decoder for the schema with {@code fingerprint}. */
  static List<Input> singleObject(byte[] binary, long fingerprint, long otherFingerprint) {
    List<Input> out = new ArrayList<>();
    out.add(new Input("unknown fingerprint", concat(header(0x0123_4567_89AB_CDEFL), binary)));
    out.add(new Input("all-zero fingerprint", concat(header(0), binary)));
    out.add(new Input("another message type's fingerprint", concat(header(otherFingerprint), binary)));
    out.add(new Input("fingerprint in big-endian order", concat(new byte[] {(byte) 0xC3, 1}, ByteBuffer.allocate(8).putLong(fingerprint).array(), binary)));
    out.add(new Input("wrong marker C3 02", concat(new byte[] {(byte) 0xC3, 2}, Arrays.copyOfRange(header(fingerprint), 2, 10), binary)));
    out.add(new Input("header only", header(fingerprint)));
    out.add(new Input("truncated header", Arrays.copyOf(header(fingerprint), 9)));
    out.add(new Input("plain binary without header", binary));
    out.add(new Input("header, body and trailing garbage", concat(header(fingerprint), binary, new byte[] {0, 1, 2})));
    for (Input i : avroBinary(binary, "single-object body")) {
      out.add(new Input(i.description(), concat(header(fingerprint), i.bytes())));
    }
    return out;
  }

  static byte[] header(long fingerprint) {
    ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xC3).put((byte) 1).putLong(fingerprint);
    return b.array();
  }

  // ------------------------------------------------------------------ JSON

  private static final Pattern STRING_VALUE = Pattern.compile(":\\s*\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern NUMBER_VALUE = Pattern.compile(":\\s*-?[0-9]+");

  /** Deep, huge and invalid JSON, and {@code valid} with its strings and numbers replaced. */
  static List<Input> json(String valid) {
    List<Input> out = new ArrayList<>();
    out.add(utf8("100000 nested arrays", "[".repeat(100_000)));
    out.add(utf8("50000 nested objects", "{\"a\":".repeat(50_000)));
    out.add(utf8("empty input", ""));
    out.add(utf8("null", "null"));
    out.add(utf8("an array", "[]"));
    out.add(utf8("an empty object", "{}"));
    out.add(utf8("a byte order mark and the valid value", "\uFEFF" + valid));
    out.add(utf8("the valid value twice", valid + valid));
    out.add(new Input("invalid UTF-8", concat(valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF})));
    String[] strings = {
      "\\u0000", "\\ud800", "\\udc00x", "a".repeat(Limits.MAX_TEXT_BYTES + 1), "\\u00e9".repeat(Limits.MAX_TEXT_BYTES / 2 + 1), "..", "../../etc/passwd", "sha256:zz", "sha256:" + "0".repeat(62)
    };
    String[] numbers = {"1e999999", "-1", "9223372036854775808", "-9223372036854775809", "1.5", "-0", "65536", "2147483648", "1" + "0".repeat(10_000)};
    out.addAll(replaceEach(valid, STRING_VALUE, strings, s -> ": \"" + s + "\"", "string"));
    out.addAll(replaceEach(valid, NUMBER_VALUE, numbers, n -> ": " + n, "number"));
    out.addAll(replaceEach(valid, STRING_VALUE, new String[] {"null", "[]", "{}", "true", "0"}, v -> ": " + v, "string"));
    return out;
  }

  private static List<Input> replaceEach(String valid, Pattern p, String[] replacements, java.util.function.Function<String, String> form, String what) {
    List<Input> out = new ArrayList<>();
    Matcher m = p.matcher(valid);
    int k = 0;
    while (m.find() && k < 64) {
      for (String r : replacements) {
        String text = valid.substring(0, m.start()) + form.apply(r) + valid.substring(m.end());
        out.add(utf8(what + " #" + k + " replaced by " + abbreviate(r), text));
      }
      k++;
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 24 ? s : s.substring(0, 20) + "...(" + s.length() + ")";
  }

  private static Input utf8(String description, String text) {
    return new Input(description, text.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ bytes

  static byte[] splice(byte[] b, int from, int to, byte[] with) {
    return concat(Arrays.copyOfRange(b, 0, from), with, Arrays.copyOfRange(b, to, b.length));
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}

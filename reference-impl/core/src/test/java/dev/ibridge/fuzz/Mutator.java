package dev.ibridge.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Derives hostile inputs from valid ones. Each call stacks one to four mutations on an input
 * drawn from the valid or the hostile pool: bit flips, byte sets (with boundary values), truncations, insertions,
 * duplications of a range, splices with another input, and length-field inflation, which writes
 * a large or negative count at any position in the two shapes the encodings use: an Avro zig-zag
 * varint and a Cap'n Proto little-endian word with its count bits set.
 */
final class Mutator {
  /** Values that sit on the edges of Avro's and Cap'n Proto's length fields. */
  static final long[] LENGTHS = {
    -1, -2, -64, -65, Integer.MIN_VALUE, Long.MIN_VALUE, 0x7FFF_FFFFL, 0x7FFF_FFF8L, 0x8000_0000L,
    0xFFFF_FFFFL, 1L << 29, (1L << 29) - 1, 4097, 65_537, 64L * 1024 * 1024 + 1, Long.MAX_VALUE
  };
  private static final byte[] BYTES = {0, 1, 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xC3, 0x01, (byte) 0xFE};
  private static final int MAX_LENGTH = 1 << 20;

  private final SplittableRandom random;
  private final List<byte[]> valid;
  private final List<byte[]> hostile;

  /** Half of the inputs start from {@code valid}, half from {@code hostile} (when it is not empty). */
  Mutator(SplittableRandom random, List<byte[]> valid, List<byte[]> hostile) {
    if (valid.isEmpty()) {
      throw new IllegalArgumentException("there are no valid inputs to mutate");
    }
    this.random = random;
    this.valid = valid;
    this.hostile = hostile;
  }

  private byte[] pick() {
    List<byte[]> pool = hostile.isEmpty() || random.nextBoolean() ? valid : hostile;
    return pool.get(random.nextInt(pool.size()));
  }

  byte[] next() {
    byte[] b = pick();
    int rounds = 1 + random.nextInt(4);
    for (int i = 0; i < rounds; i++) {
      b = mutate(b);
    }
    return b;
  }

  private byte[] mutate(byte[] b) {
    return switch (random.nextInt(9)) {
      case 0 -> flipBits(b);
      case 1 -> setByte(b);
      case 2 -> truncate(b);
      case 3 -> insert(b);
      case 4 -> duplicate(b);
      case 5 -> splice(b);
      case 6 -> inflateVarint(b);
      case 7 -> inflateWord(b);
      default -> delete(b);
    };
  }

  private byte[] flipBits(byte[] b) {
    if (b.length == 0) {
      return insert(b);
    }
    byte[] c = b.clone();
    int flips = 1 + random.nextInt(3);
    for (int i = 0; i < flips; i++) {
      int pos = random.nextInt(c.length);
      c[pos] ^= (byte) (1 << random.nextInt(8));
    }
    return c;
  }

  private byte[] setByte(byte[] b) {
    if (b.length == 0) {
      return insert(b);
    }
    byte[] c = b.clone();
    c[random.nextInt(c.length)] =
        random.nextBoolean() ? BYTES[random.nextInt(BYTES.length)] : (byte) random.nextInt(256);
    return c;
  }

  private byte[] truncate(byte[] b) {
    return Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
  }

  private byte[] delete(byte[] b) {
    if (b.length < 2) {
      return truncate(b);
    }
    int from = random.nextInt(b.length);
    int len = 1 + random.nextInt(Math.min(16, b.length - from));
    return replace(b, from, from + len, new byte[0]);
  }

  private byte[] insert(byte[] b) {
    byte[] extra = new byte[1 + random.nextInt(16)];
    for (int i = 0; i < extra.length; i++) {
      extra[i] = (byte) random.nextInt(256);
    }
    int at = random.nextInt(b.length + 1);
    return replace(b, at, at, extra);
  }

  private byte[] duplicate(byte[] b) {
    if (b.length == 0 || b.length > MAX_LENGTH) {
      return truncate(b);
    }
    int from = random.nextInt(b.length);
    int to = from + 1 + random.nextInt(Math.min(256, b.length - from));
    int at = random.nextInt(b.length + 1);
    return replace(b, at, at, Arrays.copyOfRange(b, from, to));
  }

  private byte[] splice(byte[] b) {
    byte[] other = pick();
    int cut = random.nextInt(b.length + 1);
    int from = random.nextInt(other.length + 1);
    return replace(b, cut, b.length, Arrays.copyOfRange(other, from, other.length));
  }

  /** Overwrites the varint that starts at a random position with an edge-of-range length. */
  private byte[] inflateVarint(byte[] b) {
    int at = random.nextInt(b.length + 1);
    int end = at;
    while (end < b.length && (b[end] & 0x80) != 0 && end - at < 9) {
      end++;
    }
    end = Math.min(b.length, end + 1);
    return replace(b, at, end, zigZagVarint(LENGTHS[random.nextInt(LENGTHS.length)]));
  }

  /**
   * Sets high bits in an aligned 64-bit little-endian word: in Cap'n Proto that inflates a segment
   * size in the frame header, a list's element count, or a struct's section sizes.
   */
  private byte[] inflateWord(byte[] b) {
    if (b.length < 8) {
      return inflateVarint(b);
    }
    byte[] c = b.clone();
    int word = random.nextInt(c.length / 8) * 8;
    int half = random.nextBoolean() ? 4 : 0;
    long value = LENGTHS[random.nextInt(LENGTHS.length)];
    if (half == 4) {
      value = (value << 3) | (c[word + 4] & 7);
    }
    for (int i = 0; i < 4; i++) {
      c[word + half + i] = (byte) (value >>> (8 * i));
    }
    return c;
  }

  static byte[] zigZagVarint(long value) {
    long n = (value << 1) ^ (value >> 63);
    byte[] out = new byte[10];
    int i = 0;
    while ((n & ~0x7FL) != 0) {
      out[i++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out[i++] = (byte) n;
    return Arrays.copyOf(out, i);
  }

  private static byte[] replace(byte[] b, int from, int to, byte[] with) {
    byte[] c = new byte[b.length - (to - from) + with.length];
    System.arraycopy(b, 0, c, 0, from);
    System.arraycopy(with, 0, c, from, with.length);
    System.arraycopy(b, to, c, from + with.length, b.length - to);
    return c;
  }
}

package dev.ibridge.conformance.checks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A one-segment Cap'n Proto message as mutable words, with just enough pointer arithmetic to find
 * a field of a valid record and damage it: null it, point it at words appended to the segment, or
 * change a count or a data word. The checks use it to hand the testee hostile records that are
 * otherwise well formed, so the damage reaches the rule it attacks.
 */
final class CapnpWords {
  private long[] words;

  private CapnpWords(long[] words) {
    this.words = words;
  }

  /** The words of a message in standard unpacked framing with exactly one segment. */
  static CapnpWords of(byte[] message) {
    ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
    if (message.length < 8 || b.getInt(0) != 0 || b.getInt(4) * 8L != message.length - 8) {
      throw new IllegalArgumentException("expected a one-segment message, got " + message.length + " bytes");
    }
    long[] words = new long[b.getInt(4)];
    for (int i = 0; i < words.length; i++) {
      words[i] = b.getLong(8 + 8 * i);
    }
    return new CapnpWords(words);
  }

  /** The message in standard unpacked framing. */
  byte[] framed() {
    ByteBuffer b = ByteBuffer.allocate(8 + 8 * words.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0).putInt(words.length);
    for (long w : words) {
      b.putLong(w);
    }
    return b.array();
  }

  long word(int at) {
    return words[at];
  }

  void set(int at, long word) {
    words[at] = word;
  }

  /** The word index of the root pointer. */
  static int root() {
    return 0;
  }

  /** Where a struct lies: its first word, and the sizes of its data and pointer sections. */
  record Struct(int start, int dataWords, int pointers) {
    /** The word index of pointer field {@code field}. */
    int pointer(int field) {
      if (field >= pointers) {
        throw new IllegalStateException("the struct at word " + start + " has " + pointers + " pointers, not field " + field);
      }
      return start + dataWords + field;
    }

    /** The word index of data word {@code index}. */
    int data(int index) {
      if (index >= dataWords) {
        throw new IllegalStateException("the struct at word " + start + " has no data word " + index);
      }
      return start + index;
    }
  }

  /** The struct that the struct pointer at {@code pointer} leads to. */
  Struct struct(int pointer) {
    long p = words[pointer];
    if ((p & 3) != 0 || p == 0) {
      throw new IllegalStateException("word " + pointer + " is not a struct pointer: " + Long.toHexString(p));
    }
    return new Struct(target(pointer), (int) (p >>> 32) & 0xFFFF, (int) (p >>> 48) & 0xFFFF);
  }

  /** Element {@code element} of the composite list that the pointer at {@code pointer} leads to. */
  Struct element(int pointer, int element) {
    long p = words[pointer];
    if ((p & 3) != 1 || ((p >>> 32) & 7) != 7) {
      throw new IllegalStateException("word " + pointer + " is not a composite list pointer");
    }
    int tagAt = target(pointer);
    long tag = words[tagAt];
    int count = (int) (tag & 0xFFFF_FFFFL) >> 2;
    if (element >= count) {
      throw new IllegalStateException("the list at word " + pointer + " has " + count + " elements");
    }
    int dataWords = (int) (tag >>> 32) & 0xFFFF;
    int pointers = (int) (tag >>> 48) & 0xFFFF;
    return new Struct(tagAt + 1 + element * (dataWords + pointers), dataWords, pointers);
  }

  /** The element count of the list at {@code pointer}. */
  int listCount(int pointer) {
    long p = words[pointer];
    if ((p & 3) != 1) {
      throw new IllegalStateException("word " + pointer + " is not a list pointer");
    }
    return (int) (p >>> 35);
  }

  /** Changes the element count of the (non-composite) list at {@code pointer}. */
  void setListCount(int pointer, int count) {
    long p = words[pointer];
    words[pointer] = (p & 0x7_FFFF_FFFFL) | ((long) count << 35);
  }

  /** Appends words at the end of the segment and returns the index of the first. */
  int append(long[] tail) {
    int at = words.length;
    words = Arrays.copyOf(words, at + tail.length);
    System.arraycopy(tail, 0, words, at, tail.length);
    return at;
  }

  /** Points the pointer at {@code pointer} at a new text appended to the segment. */
  void pointAtText(int pointer, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    long[] tail = new long[(utf8.length + 1 + 7) / 8];
    for (int i = 0; i < utf8.length; i++) {
      tail[i / 8] |= (utf8[i] & 0xFFL) << (8 * (i % 8));
    }
    int at = append(tail);
    words[pointer] = listPointer(at - (pointer + 1), 2, utf8.length + 1);
  }

  /**
   * Moves the root struct to the end of the segment with {@code extraData} more data words (each
   * set to a non-zero value) and one more pointer, to a text: the struct as a later minor version
   * that added fields would write it. The old copy stays behind as unreachable words.
   */
  void extendRoot(int extraData, String extraText) {
    Struct old = struct(root());
    long[] copy = new long[old.dataWords() + extraData + old.pointers() + 1];
    int at = append(copy);
    for (int i = 0; i < old.dataWords(); i++) {
      words[at + i] = words[old.start() + i];
    }
    for (int i = 0; i < extraData; i++) {
      words[at + old.dataWords() + i] = 0x2A + i;
    }
    int pointers = at + old.dataWords() + extraData;
    for (int i = 0; i < old.pointers(); i++) {
      int from = old.start() + old.dataWords() + i;
      long p = words[from];
      if (p == 0 || (p & 3) == 2) {
        words[pointers + i] = p;
      } else {
        int offset = target(from) - (pointers + i + 1);
        words[pointers + i] = (p & 0xFFFF_FFFF_0000_0003L) | ((long) (offset << 2) & 0xFFFF_FFFCL);
      }
    }
    pointAtText(pointers + old.pointers(), extraText);
    words[root()] = structPointer(at - (root() + 1), old.dataWords() + extraData, old.pointers() + 1);
  }

  private int target(int pointer) {
    return pointer + 1 + ((int) (words[pointer] & 0xFFFF_FFFFL) >> 2);
  }

  static long structPointer(int offsetWords, int dataWords, int pointerWords) {
    return ((offsetWords << 2) & 0xFFFF_FFFFL) | ((long) (dataWords & 0xFFFF) << 32) | ((long) (pointerWords & 0xFFFF) << 48);
  }

  /** A list pointer; {@code count} is the element count, or the word count for composite lists. */
  static long listPointer(int offsetWords, int elementSize, int count) {
    return (((offsetWords << 2) | 1) & 0xFFFF_FFFFL) | (((long) elementSize | ((long) count << 3)) & 0xFFFF_FFFFL) << 32;
  }
}

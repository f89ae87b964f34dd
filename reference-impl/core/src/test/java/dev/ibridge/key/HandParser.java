package dev.ibridge.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ibridge.model.Digest;
import dev.ibridge.model.Subject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Avro binary by hand, written from the Avro specification alone, so tests can check the
 * canonical bytes without trusting the Avro library that wrote them.
 */
final class HandParser {
  private final byte[] bytes;
  private int pos;

  HandParser(byte[] bytes) {
    this.bytes = bytes;
  }

  long longValue() {
    long raw = 0;
    int shift = 0;
    while (true) {
      int b = bytes[pos++] & 0xFF;
      raw |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
      shift += 7;
    }
  }

  int intValue() {
    return Math.toIntExact(longValue());
  }

  String string() {
    int n = Math.toIntExact(longValue());
    String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  byte[] rawBytes() {
    int n = Math.toIntExact(longValue());
    byte[] b = Arrays.copyOfRange(bytes, pos, pos + n);
    pos += n;
    return b;
  }

  /** An array of {@code items} items starts here in one block: a positive count, or none at all. */
  void singleBlock(int items) {
    if (items > 0) {
      assertThat(longValue()).as("item count of the only block").isEqualTo(items);
    }
  }

  /** The array's terminating zero follows. */
  void blockEnd() {
    assertThat(longValue()).as("a single block must be followed by the terminating 0").isZero();
  }

  void expectSubject(Subject s) {
    assertThat(string()).isEqualTo(s.unit().packageId());
    assertThat(string()).isEqualTo(s.unit().targetName());
    assertThat(string()).isEqualTo(s.unit().targetKind());
    assertThat(string()).isEqualTo(s.unit().targetTriple());
    assertThat(string()).isEqualTo(s.modulePath());
  }

  void expectDigest(Digest d) {
    assertThat(longValue()).as("DigestAlgorithm SHA256 is enum index 0").isZero();
    assertThat(rawBytes()).isEqualTo(d.value().toByteArray());
  }

  int remaining() {
    return bytes.length - pos;
  }

  void expectEnd() {
    assertThat(remaining()).as("bytes after the last field").isZero();
  }
}

package dev.ibridge.activity;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.DigestAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** SHA-256 for source digests and the reference compiler's deterministic output. */
final class Sha256 {
  private final MessageDigest digest;

  private Sha256() {
    digest = DigestAlgorithm.SHA256.newMessageDigest();
  }

  static Sha256 start() {
    return new Sha256();
  }

  /** Adds {@code text} with a length prefix, so consecutive fields can never run together. */
  Sha256 add(String text) {
    return add(Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  Sha256 add(Bytes bytes) {
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.size()).array());
    digest.update(bytes.toByteArray());
    return this;
  }

  Bytes finish() {
    return Bytes.wrap(digest.digest());
  }

  /** Stretches {@code seed} to {@code length} bytes: SHA-256 of seed and a counter, block by block. */
  static Bytes expand(Bytes seed, int length) {
    byte[] out = new byte[length];
    Sha256 h = start();
    byte[] prefix = seed.toByteArray();
    int at = 0;
    for (int block = 0; at < length; block++) {
      h.digest.update(prefix);
      h.digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(block).array());
      byte[] next = h.digest.digest();
      int n = Math.min(next.length, length - at);
      System.arraycopy(next, 0, out, at, n);
      at += n;
    }
    return Bytes.wrap(out);
  }
}

package dev.ibridge.store;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.Digest;
import java.nio.charset.StandardCharsets;

/** The head file format: the text form of one input key and a line feed, in ASCII. */
final class Heads {
  private Heads() {}

  static byte[] format(Digest key) {
    return (key + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  static Digest parse(byte[] bytes, String file) throws DecodeException {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (!text.endsWith("\n") || text.indexOf('\n') != text.length() - 1) {
      throw new DecodeException("head " + file + " is not one line ending in a line feed");
    }
    try {
      Digest key = Digest.parse(text.substring(0, text.length() - 1));
      if (!StorePaths.isHex64(key.hex())) {
        throw new DecodeException("head " + file + " does not name a sha256 key");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new DecodeException("head " + file + " does not hold a key: " + e.getMessage(), 0, e);
    }
  }
}

package dev.ibridge.store;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.DigestAlgorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** SHA-256 of a file's content, streamed, so large blobs are never held in memory to check them. */
final class Hashing {
  private Hashing() {}

  static Digest sha256(Path file) throws IOException {
    MessageDigest md = DigestAlgorithm.SHA256.newMessageDigest();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (ch.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return Digest.sha256(Bytes.wrap(md.digest()));
  }
}

package dev.ibridge.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** The local file system, with the staging, flushing and atomic publication the layout needs. */
final class RealFileOps implements FileOps {
  static final RealFileOps INSTANCE = new RealFileOps();

  private RealFileOps() {}

  @Override
  public Path stage(Path stagingDir, byte[] content) throws IOException {
    Path staged = Files.createTempFile(stagingDir, "st-", ".tmp");
    try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(staged);
      throw e;
    }
    return staged;
  }

  @Override
  public void publishNew(Path staged, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try {
      // link(2) creates the name only if it is absent, atomically: a concurrent writer of the same
      // name gets FileAlreadyExistsException instead of silently replacing the file.
      Files.createLink(target, staged);
    } catch (UnsupportedOperationException e) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Files.deleteIfExists(staged);
  }

  @Override
  public void publishReplacing(Path staged, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public byte[] read(Path file, long maxBytes) throws IOException {
    BasicFileAttributes attrs =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attrs.isRegularFile()) {
      throw new IOException(file + " is not a regular file");
    }
    if (attrs.size() > maxBytes) {
      throw new IOException(file + " is " + attrs.size() + " bytes, more than the limit of " + maxBytes);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      if (size > maxBytes) {
        throw new IOException(file + " is " + size + " bytes, more than the limit of " + maxBytes);
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          break;
        }
      }
      if (buf.hasRemaining()) {
        throw new IOException(file + " shrank while it was read");
      }
      return buf.array();
    }
  }

  @Override
  public void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }
}

package dev.ibridge.cli;

import dev.ibridge.model.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The bytes of one input, with the name errors use for it: the path as given, or {@code <stdin>}.
 *
 * @param fileName the last path element, used as a hint for detecting the message type; null for
 *     stdin
 */
record Input(String source, String fileName, byte[] bytes) {
  static final String STDIN = "-";
  static final String STDIN_NAME = "<stdin>";

  /** Reads {@code arg}, a path or {@code -} for stdin, refusing anything larger than a message. */
  static Input read(String arg, Io io) {
    if (arg.equals(STDIN)) {
      return new Input(STDIN_NAME, null, readLimited(STDIN_NAME, io.stdin));
    }
    Path path = Path.of(arg);
    if (Files.isDirectory(path)) {
      throw Failure.input(arg, "is a directory, expected a file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      Path name = path.getFileName();
      return new Input(arg, name == null ? null : name.toString(), readLimited(arg, in));
    } catch (NoSuchFileException e) {
      throw Failure.input(arg, "no such file");
    } catch (AccessDeniedException e) {
      throw Failure.input(arg, "permission denied");
    } catch (IOException e) {
      throw Failure.input(arg, "cannot read: " + e.getMessage(), e);
    }
  }

  private static byte[] readLimited(String source, InputStream in) {
    try {
      byte[] bytes = in.readNBytes(Limits.MAX_MESSAGE_BYTES + 1);
      if (bytes.length > Limits.MAX_MESSAGE_BYTES) {
        throw Failure.input(
            source, "is larger than the limit of " + Limits.MAX_MESSAGE_BYTES + " bytes for one message");
      }
      return bytes;
    } catch (IOException e) {
      throw Failure.input(source, "cannot read: " + e.getMessage(), e);
    }
  }
}

package dev.ibridge.avro;

import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.DigestAlgorithm;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.SessionStarted;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * A session's journal: one Avro object container file of {@link JournalEvent}s, uncompressed,
 * whose sync marker is derived from the session id so that the same session always gives the
 * same bytes. Any Avro tool reads these files ({@code avro-tools tojson}).
 *
 * <p>The reader here does not trust the file: it checks every length, count and sync marker
 * against what the file holds before it allocates, accepts any sync marker (other writers choose
 * theirs at random), and reports every problem as a {@link DecodeException} with its byte offset.
 */
public final class JournalFiles {
  /** The prefix hashed with the session id to make the sync marker. */
  static final String SYNC_DOMAIN = "ibridge journal sync marker\n";

  private JournalFiles() {}

  /** The first 16 bytes of SHA-256 over {@value #SYNC_DOMAIN} followed by the UTF-8 session id. */
  public static byte[] syncMarker(String sessionId) {
    SessionStarted.checkSessionId(sessionId);
    MessageDigest sha = DigestAlgorithm.SHA256.newMessageDigest();
    sha.update(SYNC_DOMAIN.getBytes(StandardCharsets.UTF_8));
    return Arrays.copyOf(sha.digest(sessionId.getBytes(StandardCharsets.UTF_8)), 16);
  }

  /** Starts the journal of {@code sessionId} on {@code out}; closing the writer closes it. */
  public static JournalWriter open(OutputStream out, String sessionId) throws IOException {
    return new JournalWriter(out, sessionId);
  }

  /** The whole journal of {@code events}, written as one block. */
  public static byte[] encode(String sessionId, List<JournalEvent> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JournalWriter w = open(out, sessionId)) {
      for (JournalEvent e : events) {
        w.append(e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static void write(Path file, String sessionId, List<JournalEvent> events) throws IOException {
    Files.write(file, encode(sessionId, events));
  }

  public static List<JournalEvent> decode(byte[] file) throws DecodeException {
    try {
      return read(new ByteArrayInputStream(file));
    } catch (DecodeException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a whole journal. A journal whose session was cut short has no SessionEnded event and is
   * still valid; a journal that is itself cut short is not.
   */
  public static List<JournalEvent> read(InputStream in) throws IOException {
    return new ContainerReader(in).readAll();
  }

  public static List<JournalEvent> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }
}

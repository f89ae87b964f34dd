package dev.ibridge.store;

import dev.ibridge.avro.JournalFiles;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.Limits;
import java.util.List;

/**
 * A session's journal file, as chapter "Encodings" defines it ({@link JournalFiles}), with the
 * size limit the store applies before reading one.
 */
final class Journals {
  static final long MAX_JOURNAL_BYTES = Limits.MAX_JOURNAL_BYTES;

  private Journals() {}

  static byte[] write(String sessionId, List<JournalEvent> events) {
    return JournalFiles.encode(sessionId, events);
  }

  static List<JournalEvent> read(byte[] file) throws DecodeException {
    try {
      return JournalFiles.decode(file);
    } catch (RuntimeException e) {
      throw new DecodeException("not a journal file: " + e.getMessage(), e);
    }
  }
}

package dev.ibridge.store;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Emitted;
import dev.ibridge.model.Facet;
import dev.ibridge.model.JournalEntry;
import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Record;
import dev.ibridge.model.RequestOutcome;
import dev.ibridge.model.Requested;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;
import dev.ibridge.model.Subject;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A session that keeps its journal in memory and publishes it as one file when closed. */
final class LocalSession implements Session {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LocalStore store;
  private final String id;
  private final List<JournalEvent> events = new ArrayList<>();
  private long hits;
  private long misses;
  private long emits;
  private boolean closed;

  LocalSession(LocalStore store, Producer producer) {
    this.store = store;
    this.id = newId(Instant.now());
    append(new SessionStarted(id, producer));
  }

  /** {@code s-<13-digit epoch milliseconds>-<16 hex digits>}: unique, and sorted by start time. */
  static String newId(Instant start) {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return String.format("s-%013d-%s", start.toEpochMilli(), HexFormat.of().formatHex(random));
  }

  /** The start time encoded in a session id. */
  static long startMillis(String sessionId) {
    return Long.parseLong(sessionId.substring(2, 15));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Lookup request(Subject subject, Facet facet, KeyMaterial keyMaterial) {
    checkOpen();
    LocalStore.Answer answer = store.answer(subject, facet, keyMaterial);
    Digest key = answer.key();
    Lookup lookup = answer.lookup();
    if (lookup instanceof Lookup.Miss miss) {
      misses++;
      append(new Requested(subject, facet, key, RequestOutcome.MISS, shorten(miss.reason())));
    } else {
      hits++;
      append(new Requested(subject, facet, key, RequestOutcome.HIT, null));
    }
    return lookup;
  }

  @Override
  public EmitResult emit(Record record, Map<Digest, Bytes> blobs) throws IOException {
    checkOpen();
    EmitResult result = store.emit(record, blobs);
    if (result.outcome() != EmitOutcome.CONFLICT) {
      emits++;
    }
    append(new Emitted(
        record.subject(), record.facet(), record.inputKey(), record.outputFingerprint(),
        result.outcome(), result.bytesWritten(), result.bytesDeduplicated()));
    return result;
  }

  @Override
  public Bytes readBlob(Digest digest) throws IOException {
    checkOpen();
    return store.readBlob(digest);
  }

  private static String shorten(String reason) {
    return reason.length() <= 1000 ? reason : reason.substring(0, 1000) + "...";
  }

  private void append(JournalEntry entry) {
    events.add(new JournalEvent(events.size(), Instant.now(), entry));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session " + id + " is closed");
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    append(new SessionEnded(id, hits, misses, emits));
    StorePaths layout = store.layout();
    FileOps fs = store.fileOps();
    fs.publishReplacing(fs.stage(layout.tmp(), Journals.write(id, events)), layout.journalFile(id));
  }
}

package dev.ibridge.store;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Producer;
import dev.ibridge.model.Record;
import dev.ibridge.model.StoreHeader;
import dev.ibridge.model.Subject;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ibridge store: a plain directory that tools request records from and emit records into,
 * with no daemon. Every write is all-or-nothing, and several processes may use one store at once.
 *
 * <p>Small API: a store has no listeners and no remote backend. A store's records are immutable;
 * only gc removes them, and only while no other process has the store open. Each store instance
 * remembers the records it has checked, within a memory budget, and serves them again while their
 * files are unchanged (REQ-STORE-086). Stores are safe to share between threads.
 */
public interface Store extends Closeable {
  /** How many bytes of record files a store instance remembers by default (REQ-STORE-086). */
  long DEFAULT_RECORD_CACHE_BYTES = 64L * 1024 * 1024;

  /**
   * Opens the store at {@code dir}, creating it when {@code dir} is missing or empty. An existing
   * store's header is checked first: a newer protocol major or an unknown header is refused.
   */
  static Store open(Path dir) throws IOException {
    return LocalStore.open(dir, RealFileOps.INSTANCE);
  }

  /**
   * As {@link #open(Path)}, remembering checked records up to {@code recordCacheBytes} bytes of
   * record files ({@link #DEFAULT_RECORD_CACHE_BYTES} by default; 0 remembers none, so every
   * request reads its record).
   */
  static Store open(Path dir, long recordCacheBytes) throws IOException {
    return LocalStore.open(dir, RealFileOps.INSTANCE, true, recordCacheBytes);
  }

  /** Opens the existing store at {@code dir}; never creates one. */
  static Store openExisting(Path dir) throws IOException {
    return LocalStore.open(dir, RealFileOps.INSTANCE, false, DEFAULT_RECORD_CACHE_BYTES);
  }

  /** The store's directory, absolute. */
  Path root();

  StoreHeader header();

  /** Starts a journaled unit of work; its journal file appears when the session is closed. */
  Session session(Producer producer) throws IOException;

  /**
   * Looks up the record for {@code keyMaterial}. Never throws on bad store content: a damaged
   * record or blob is a miss whose reason names it.
   *
   * @throws IllegalArgumentException when {@code subject} or {@code facet} is not the material's
   */
  Lookup request(Subject subject, Facet facet, KeyMaterial keyMaterial);

  /**
   * Stores {@code record} and the blob contents it needs, atomically and idempotently. {@code
   * blobs} holds the content of every output blob the store does not hold yet; contents already
   * stored may be left out. A different record under the same key is a {@code CONFLICT}: reported,
   * never overwritten.
   *
   * @throws IllegalArgumentException when the record's key or fingerprint does not recompute, a
   *     blob's content does not match its digest or size, or a needed blob is missing
   */
  EmitResult emit(Record record, Map<Digest, Bytes> blobs) throws IOException;

  /**
   * Like {@link #emit(Record, Map)} for a record given in its Cap'n Proto encoding: a new record
   * file holds exactly {@code encoded}, so fields of a later minor version survive (REQ-STORE-095).
   *
   * @throws IllegalArgumentException when {@code encoded} does not decode as a record, and as
   *     {@link #emit(Record, Map)}
   */
  EmitResult emitEncoded(Bytes encoded, Map<Digest, Bytes> blobs) throws IOException;

  /** Reads a blob and checks it against its digest. */
  Bytes readBlob(Digest digest) throws IOException;

  /** Says which key-material entries differ from the subject's last record for the facet. */
  Explanation explain(Subject subject, Facet facet, KeyMaterial keyMaterial);

  /** Checks every file of the store; never throws on bad content. */
  VerifyReport verify();

  /** Removes what {@code policy} does not keep. Needs the store alone: see {@link StoreBusyException}. */
  GcReport gc(GcPolicy policy) throws IOException;

  StoreStats stats() throws IOException;

  /** The stored records, optionally of one facet, sorted by facet then key; unreadable ones are left out. */
  List<RecordSummary> list(Optional<Facet> facet) throws IOException;

  /** The record stored under {@code inputKey}, in whichever facet holds it. */
  Optional<Record> record(Digest inputKey) throws IOException;
}

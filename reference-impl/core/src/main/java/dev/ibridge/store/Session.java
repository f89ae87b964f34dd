package dev.ibridge.store;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * One tool run against a store. Each request and emit is recorded as a journal event; {@link
 * #close} writes the session's journal file atomically. A session is used by one thread.
 */
public interface Session extends Closeable {
  /** The session's identifier, also its journal file's name. */
  String id();

  /** As {@link Store#request}, journaled. */
  Lookup request(Subject subject, Facet facet, KeyMaterial keyMaterial);

  /** As {@link Store#emit}, journaled. */
  EmitResult emit(Record record, Map<Digest, Bytes> blobs) throws IOException;

  /** As {@link Store#readBlob}. */
  Bytes readBlob(Digest digest) throws IOException;
}

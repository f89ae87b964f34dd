package dev.ibridge.store.remote;

import dev.ibridge.key.Keys;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Lookup;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A remote as the second tier behind local stores, for one run of a tool (spec chapter "Remote
 * stores"). {@link #request} answers from the local store first and asks the remote only on a
 * local miss; what the remote serves is verified (REQ-REMOTE-007, REQ-REMOTE-008) and then lands
 * by an ordinary emit before it is served as a local hit (REQ-REMOTE-001), so nothing of an entry
 * that fails lands (REQ-REMOTE-009). {@link #emitted} queues a local emit, and {@link #flush}
 * uploads the queue in one batch at the end of the run, off the critical path; a read-only tier
 * queues nothing and sends only {@code GET} and {@code HEAD} (REQ-REMOTE-011).
 *
 * <p>Every fault is a miss, never an error (REQ-REMOTE-003). The run gets at most one warning line,
 * {@code ibridge: remote store: MESSAGE}, and a remote found down or past its timeout turns the
 * tier off for the rest of the run. Messages name the remote by {@link RemoteClient#shown()},
 * never by its credentials (REQ-REMOTE-012). A tier is used by one thread at a time.
 */
public final class RemoteTier {
  /** Where the run's one warning line goes. */
  private final Consumer<String> warnings;
  private final RemoteClient client;
  private final List<Pending> queue = new ArrayList<>();
  private boolean warned;
  private boolean down;

  /** A local emit waiting for its upload: the record's bytes as stored and the contents of its blobs. */
  private record Pending(byte[] encoded, Record record, Map<Digest, byte[]> blobs) {}

  public RemoteTier(RemoteClient client, Consumer<String> warnings) {
    this.client = Objects.requireNonNull(client, "client");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  /** The client this tier asks. */
  public RemoteClient client() {
    return client;
  }

  /** Whether the remote was found down, so that the rest of the run is local-only. */
  public boolean down() {
    return down;
  }

  /**
   * The local store's answer, or on a local miss the remote's record for the same key, verified,
   * landed in {@code store} and then served from it. A remote that does not hold the key, fails a
   * check or faults leaves the local miss as the answer, its reason extended by the remote's.
   */
  public Lookup request(Store store, Subject subject, Facet facet, KeyMaterial keyMaterial) throws IOException {
    Lookup local = store.request(subject, facet, keyMaterial);
    if (local instanceof Lookup.Hit || down) {
      return local;
    }
    String localReason = ((Lookup.Miss) local).reason();
    Digest key = Keys.inputKey(keyMaterial);
    RemoteStore.Fetched fetched;
    try {
      fetched = RemoteStore.fetch(client, key, RemoteStore.missingBlobs(store));
      Record r = fetched.record();
      if (!r.subject().equals(subject) || !r.facet().equals(facet)) {
        throw new RemoteStore.Unverified(client.shown() + " served a record at " + RemoteStore.acPath(key)
            + " that is for another subject or facet than the request's");
      }
    } catch (RemoteFault f) {
      if (f.down()) {
        down = true;
        warn(f.getMessage() + "; going on without it for the rest of the run");
      } else {
        warn(f.getMessage());
      }
      return new Lookup.Miss(localReason + "; the remote: " + f.getMessage());
    } catch (RemoteStore.Unverified u) {
      if (!u.absent()) {
        warn(u.getMessage() + "; nothing of it was kept");
      }
      return new Lookup.Miss(localReason + "; the remote: " + u.getMessage());
    }
    if (store.emitEncoded(fetched.encoded(), fetched.blobs()).outcome() == EmitOutcome.CONFLICT) {
      return new Lookup.Miss(localReason + "; the remote's record conflicts with the local store's under this key");
    }
    return store.request(subject, facet, keyMaterial);
  }

  /**
   * Queues the record that was just emitted into {@code store} for upload, with the contents of
   * its blobs as the store holds them; a read-only tier, or one found down, queues nothing.
   */
  public void emitted(Store store, Record record) throws IOException {
    if (!client.config().writes() || down) {
      return;
    }
    byte[] encoded = RemoteStore.recordBytes(store, record.facet(), record.inputKey());
    Map<Digest, byte[]> blobs = new HashMap<>();
    for (Output o : record.outputs()) {
      Digest d = o.blob().digest();
      if (!blobs.containsKey(d)) {
        blobs.put(d, store.readBlob(d).toByteArray());
      }
    }
    queue.add(new Pending(encoded, record, blobs));
  }

  /**
   * Uploads every queued emit, blobs before their record and the lead after it. A failed upload
   * leaves its entry unuploaded and is warned about; the remote found down ends the batch.
   */
  public void flush() {
    List<Pending> batch = List.copyOf(queue);
    queue.clear();
    for (Pending p : batch) {
      if (down) {
        return;
      }
      try {
        RemoteStore.upload(client, p.encoded(), p.record(), d -> {
          byte[] content = p.blobs().get(d);
          if (content == null) {
            throw new IOException("the blob " + d + " was not queued");
          }
          return content;
        });
      } catch (RemoteFault f) {
        down = f.down();
        warn(f.getMessage() + "; the record " + p.record().inputKey() + " stays unuploaded");
      } catch (IOException e) {
        warn("the record " + p.record().inputKey() + " was not uploaded: " + e.getMessage());
      }
    }
  }

  /** The run's one warning line; later ones are dropped. */
  private void warn(String message) {
    if (!warned) {
      warned = true;
      warnings.accept("ibridge: remote store: " + message);
    }
  }
}

package dev.ibridge.store.remote;

import dev.ibridge.avro.AvroCodec;
import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.key.Keys;
import dev.ibridge.model.BlobRef;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.store.RecordSummary;
import dev.ibridge.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A local store and a remote on the Bazel HTTP cache protocol (spec chapter "Remote stores"):
 * {@link #push} uploads every record with its blobs and its lead, {@link #pull} fetches records by
 * input key, verifies them and emits them locally, and {@link #verify} checks that the remote holds
 * every record of a local store, intact, with its blobs: the gate over what a tool uploaded.
 */
public final class RemoteStore {
  private RemoteStore() {}

  /** The path of a blob (REQ-REMOTE-004). */
  public static String casPath(Digest digest) {
    return "/cas/" + digest.hex();
  }

  /** The path of a record, or of a lead (REQ-REMOTE-004, REQ-REMOTE-006). */
  public static String acPath(Digest key) {
    return "/ac/" + key.hex();
  }

  /** SHA-256 of {@code ibridge-lead-v1}, 0, the facet, 0 and the subject's canonical bytes. */
  public static Digest leadDigest(Subject subject, Facet facet) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("ibridge-lead-v1".getBytes(StandardCharsets.US_ASCII));
    bytes.write(0);
    bytes.writeBytes(facet.name().getBytes(StandardCharsets.UTF_8));
    bytes.write(0);
    bytes.writeBytes(AvroCodec.SUBJECT.encodeBinary(subject));
    return Keys.blobDigest(bytes.toByteArray());
  }

  /** What a push did: records uploaded, blobs and bytes sent, and the faults met. */
  public record PushReport(int records, int blobsSent, long bytesSent, List<String> faults) {
    public PushReport {
      faults = List.copyOf(faults);
    }
  }

  /**
   * Uploads every record of {@code store}: its blobs the remote lacks first, then the record's
   * bytes as the store holds them, then the same bytes as its lead (REQ-REMOTE-004 to 006). A
   * remote found down ends the push; any other fault skips its record.
   */
  public static PushReport push(Store store, RemoteClient client) throws IOException {
    int records = 0;
    int blobs = 0;
    long bytes = 0;
    List<String> faults = new ArrayList<>();
    for (RecordSummary s : store.list(Optional.empty())) {
      try {
        byte[] encoded = recordBytes(store, s.facet(), s.inputKey());
        long[] sent = upload(client, encoded, CapnpCodec.decodeRecord(encoded), d -> store.readBlob(d).toByteArray());
        blobs += (int) sent[0];
        bytes += sent[1];
        records++;
      } catch (RemoteFault f) {
        faults.add(f.getMessage());
        if (f.down()) {
          break;
        }
      } catch (DecodeException e) {
        faults.add("the local record " + s.inputKey() + " does not decode: " + e.getMessage());
      }
    }
    return new PushReport(records, blobs, bytes, faults);
  }

  /** The content of a blob to upload. */
  @FunctionalInterface
  interface BlobSource {
    byte[] read(Digest digest) throws IOException;
  }

  /**
   * Uploads one record: each blob it names that the remote lacks ({@code HEAD} answers 404), then
   * {@code encoded}, the record's bytes as the store holds them, at {@code /ac/<k>}, then the same
   * bytes as its lead (REQ-REMOTE-004 to 006). Returns the blobs sent and the bytes sent.
   */
  static long[] upload(RemoteClient client, byte[] encoded, Record record, BlobSource blobs) throws IOException {
    long sentBlobs = 0;
    long bytes = 0;
    Set<Digest> seen = new LinkedHashSet<>();
    for (Output o : record.outputs()) {
      Digest d = o.blob().digest();
      if (seen.add(d) && !client.head(casPath(d))) {
        byte[] content = blobs.read(d);
        client.put(casPath(d), content);
        sentBlobs++;
        bytes += content.length;
      }
    }
    client.put(acPath(record.inputKey()), encoded);
    client.put(acPath(leadDigest(record.subject(), record.facet())), encoded);
    return new long[] {sentBlobs, bytes + 2L * encoded.length};
  }

  /** What a pull did: the keys now in the local store, and why each other one is a miss. */
  public record PullReport(List<Digest> landed, Map<Digest, String> missed) {
    public PullReport {
      landed = List.copyOf(landed);
      missed = Map.copyOf(missed);
    }
  }

  /** Fetches, verifies and emits the records of {@code keys}; a remote found down makes the rest misses. */
  public static PullReport pull(Store store, RemoteClient client, List<Digest> keys) throws IOException {
    List<Digest> landed = new ArrayList<>();
    Map<Digest, String> missed = new LinkedHashMap<>();
    String down = null;
    for (Digest key : keys) {
      if (down != null) {
        missed.put(key, down);
        continue;
      }
      try {
        Fetched f = fetch(client, key, missingBlobs(store));
        EmitOutcome outcome = store.emitEncoded(f.encoded(), f.blobs()).outcome();
        if (outcome == EmitOutcome.CONFLICT) {
          missed.put(key, "the local store holds another record under this key");
        } else {
          landed.add(key);
        }
      } catch (RemoteFault e) {
        missed.put(key, e.getMessage());
        if (e.down()) {
          down = e.getMessage();
        }
      } catch (Unverified e) {
        missed.put(key, e.getMessage());
      }
    }
    return new PullReport(landed, missed);
  }

  /** One problem {@link #verify} found: the record's key and what is wrong. */
  public record Problem(Digest key, String message) {}

  /**
   * Checks that the remote holds every record of {@code store} under its key, that each decodes,
   * re-derives its key and has the local record's outputs, and that every blob it names is there
   * with its digest and size (REQ-REMOTE-004, REQ-REMOTE-007, REQ-REMOTE-008). A remote found down
   * is one problem and ends the check.
   */
  public static List<Problem> verify(Store store, RemoteClient client) throws IOException {
    List<Problem> problems = new ArrayList<>();
    for (RecordSummary s : store.list(Optional.empty())) {
      try {
        Fetched f = fetch(client, s.inputKey(), d -> true);
        if (!f.record().outputFingerprint().equals(s.outputFingerprint())) {
          problems.add(new Problem(s.inputKey(), "the remote's record has other outputs than the local one"));
        }
      } catch (RemoteFault e) {
        problems.add(new Problem(s.inputKey(), e.getMessage()));
        if (e.down()) {
          break;
        }
      } catch (Unverified e) {
        problems.add(new Problem(s.inputKey(), e.getMessage()));
      }
    }
    return problems;
  }

  /** A remote entry that is there but fails a check of REQ-REMOTE-007 or REQ-REMOTE-008. */
  static final class Unverified extends Exception {
    private final boolean absent;

    Unverified(String message) {
      this(message, false);
    }

    Unverified(String message, boolean absent) {
      super(message);
      this.absent = absent;
    }

    /** Whether the remote simply does not hold the record: a plain miss, nothing to report. */
    boolean absent() {
      return absent;
    }
  }

  /** A verified record and the verified contents of the blobs it was fetched with. */
  /** A verified remote entry: the record as decoded, the bytes it came in (stored as they are, REQ-STORE-095), and its blobs. */
  record Fetched(Record record, Bytes encoded, Map<Digest, Bytes> blobs) {}

  /** Whether a blob must be fetched. */
  @FunctionalInterface
  interface Wanted {
    boolean test(Digest digest) throws IOException;
  }

  /**
   * The record at {@code /ac/<key>} and the blobs {@code wanted} asks for, every one verified
   * before it is returned; nothing is written anywhere.
   */
  static Fetched fetch(RemoteClient client, Digest key, Wanted wanted) throws RemoteFault, Unverified, IOException {
    String path = acPath(key);
    byte[] encoded = client.get(path, Limits.MAX_MESSAGE_BYTES)
        .orElseThrow(() -> new Unverified(client.shown() + " does not hold " + path, true));
    Record record;
    try {
      record = CapnpCodec.decodeRecord(encoded);
    } catch (DecodeException e) {
      throw new Unverified(client.shown() + " served a record at " + path + " that does not decode");
    }
    if (!record.inputKey().equals(key) || !Keys.inputKey(record.keyMaterial()).equals(key)) {
      throw new Unverified(client.shown() + " served a record at " + path + " that is for another key");
    }
    if (!Keys.outputFingerprint(record.outputs()).equals(record.outputFingerprint())) {
      throw new Unverified(client.shown() + " served a record at " + path + " whose outputs do not match its fingerprint");
    }
    Map<Digest, Bytes> blobs = new LinkedHashMap<>();
    for (Output o : record.outputs()) {
      BlobRef ref = o.blob();
      if (blobs.containsKey(ref.digest()) || !wanted.test(ref.digest())) {
        continue;
      }
      if (ref.size() > Limits.MAX_BLOB_BYTES) {
        throw new Unverified(client.shown() + " served a record at " + path + " that names a blob past the size limit");
      }
      String blobPath = casPath(ref.digest());
      byte[] content = client.get(blobPath, ref.size())
          .orElseThrow(() -> new Unverified(client.shown() + " lacks the blob " + blobPath + " that a record names"));
      if (content.length != ref.size() || !Keys.blobDigest(content).equals(ref.digest())) {
        throw new Unverified(client.shown() + " served content for " + blobPath + " that does not hash to its name");
      }
      blobs.put(ref.digest(), Bytes.wrap(content));
    }
    return new Fetched(record, Bytes.wrap(encoded), blobs);
  }

  static Wanted missingBlobs(Store store) {
    return d -> !Files.isRegularFile(blobFile(store, d), LinkOption.NOFOLLOW_LINKS);
  }

  private static Path blobFile(Store store, Digest d) {
    String h = d.hex();
    return store.root().resolve("blobs").resolve("sha256").resolve(h.substring(0, 2)).resolve(h);
  }

  /** The record file's bytes exactly as the store holds them. */
  static byte[] recordBytes(Store store, Facet facet, Digest key) throws IOException {
    String h = key.hex();
    Path file = store.root().resolve("records").resolve(facet.name()).resolve(h.substring(0, 2)).resolve(h);
    if (Files.size(file) > Limits.MAX_MESSAGE_BYTES) {
      throw new IOException("the record file " + file + " is past the size limit");
    }
    return Files.readAllBytes(file);
  }
}

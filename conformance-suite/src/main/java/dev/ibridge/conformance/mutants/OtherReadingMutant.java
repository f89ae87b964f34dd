package dev.ibridge.conformance.mutants;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.BlobContent;
import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.Head;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.TesteeFailure;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.store.EmitResult;
import dev.ibridge.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reference, except that it takes the reading of a store rule that the spec rejected when it
 * settled the rule (issue #14): each flaw is a behaviour an implementation could have guessed.
 */
final class OtherReadingMutant extends ForwardingTestee {
  enum Flaw {
    /** Counts an emit's blob bytes once per output, so a blob two outputs name counts twice (REQ-STORE-094). */
    COUNTS_PER_OUTPUT,
    /** Stores its own re-encoding of the record it decoded, not the bytes it was given (REQ-STORE-095). */
    RE_ENCODES,
    /** Creates the store when a request or a query finds none (REQ-STORE-096). */
    REQUEST_CREATES_STORE,
    /** Answers CONFLICT when the record's path holds a record of another key (REQ-STORE-097). */
    CONFLICTS_WITH_MISPLACED,
    /** Leaves out of read-store answers a record one of whose blobs is missing or of another size (REQ-HARNESS-018). */
    READ_STORE_CHECKS_BLOBS
  }

  private final Flaw flaw;

  OtherReadingMutant(Testee delegate, Flaw flaw) {
    super(delegate);
    this.flaw = flaw;
  }

  @Override
  public EmitResult emit(Path store, Bytes bytes, List<BlobContent> blobs) throws TesteeException {
    Record record;
    try {
      record = CapnpCodec.decodeRecord(bytes.toByteArray());
    } catch (DecodeException e) {
      return delegate.emit(store, bytes, blobs);
    }
    switch (flaw) {
      case COUNTS_PER_OUTPUT -> {
        Set<Digest> held = new HashSet<>();
        for (Output o : record.outputs()) {
          if (blobHeld(store, o)) {
            held.add(o.blob().digest());
          }
        }
        EmitResult r = delegate.emit(store, bytes, blobs);
        if (r.outcome() == EmitOutcome.CONFLICT) {
          return r;
        }
        long written = 0;
        long deduplicated = 0;
        for (Output o : record.outputs()) {
          if (held.contains(o.blob().digest())) {
            deduplicated += o.blob().size();
          } else {
            written += o.blob().size();
          }
        }
        return new EmitResult(r.outcome(), written, deduplicated);
      }
      case RE_ENCODES -> {
        return delegate.emit(store, Bytes.wrap(CapnpCodec.encodeRecord(record)), blobs);
      }
      case CONFLICTS_WITH_MISPLACED -> {
        Path file = StoreFiles.record(store, record.facet(), record.inputKey());
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          try {
            Record there = CapnpCodec.decodeRecord(Files.readAllBytes(file));
            if (!there.inputKey().equals(record.inputKey())) {
              return new EmitResult(EmitOutcome.CONFLICT, 0, 0);
            }
          } catch (IOException e) {
            // Damage of another kind (DecodeException is an IOException): the reference's answer.
          }
        }
        return delegate.emit(store, bytes, blobs);
      }
      default -> {
        return delegate.emit(store, bytes, blobs);
      }
    }
  }

  private static boolean blobHeld(Path store, Output o) {
    Path blob = StoreFiles.blob(store, o.blob().digest());
    try {
      return Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS) && Files.size(blob) == o.blob().size();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial) throws TesteeException {
    createStore(store);
    return delegate.request(store, subject, facet, keyMaterial);
  }

  @Override
  public Optional<Bytes> readRecord(Path store, Digest inputKey) throws TesteeException {
    createStore(store);
    Optional<Bytes> r = delegate.readRecord(store, inputKey);
    if (flaw == Flaw.READ_STORE_CHECKS_BLOBS && r.isPresent() && !blobsHeld(store, r.get())) {
      return Optional.empty();
    }
    return r;
  }

  @Override
  public List<Head> heads(Path store, Optional<Facet> facet) throws TesteeException {
    createStore(store);
    List<Head> heads = delegate.heads(store, facet);
    if (flaw != Flaw.READ_STORE_CHECKS_BLOBS) {
      return heads;
    }
    List<Head> kept = new ArrayList<>();
    for (Head h : heads) {
      Optional<Bytes> r = delegate.readRecord(store, h.inputKey());
      if (r.isPresent() && blobsHeld(store, r.get())) {
        kept.add(h);
      }
    }
    return kept;
  }

  @Override
  public Optional<Bytes> readBlob(Path store, Digest digest) throws TesteeException {
    createStore(store);
    return delegate.readBlob(store, digest);
  }

  private static boolean blobsHeld(Path store, Bytes record) {
    try {
      for (Output o : CapnpCodec.decodeRecord(record.toByteArray()).outputs()) {
        if (!blobHeld(store, o)) {
          return false;
        }
      }
      return true;
    } catch (DecodeException e) {
      return false;
    }
  }

  private void createStore(Path store) throws TesteeException {
    if (flaw != Flaw.REQUEST_CREATES_STORE || Files.exists(store.resolve("STORE"), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Store s = Store.open(store)) {
      s.header();
    } catch (IOException | RuntimeException e) {
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, String.valueOf(e.getMessage()), e);
    }
  }
}

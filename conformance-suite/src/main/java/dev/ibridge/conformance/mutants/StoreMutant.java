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
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.store.EmitResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The reference with one store rule broken around its emit or request. */
final class StoreMutant extends ForwardingTestee {
  enum Flaw {
    /** Writes the record file in place, in two halves with a pause between, instead of staging and renaming. */
    UNSTAGED_RECORD,
    /** After an emit, points the subject's heads of every other facet at the new record. */
    OVERWRITES_OTHER_FACET,
    /** After an emit, moves the record's blobs to a fan-out directory made of the wrong digits. */
    BLOB_WRONG_PATH,
    /** Stores a blob whose content does not match its digest under that digest, and reports CREATED. */
    ACCEPTS_WRONG_DIGEST,
    /** Answers CREATED to record bytes it cannot decode. */
    ACCEPTS_MALFORMED_RECORD,
    /** On a miss, serves the subject's latest record of the facet as a hit, whatever its key. */
    STALE_HIT
  }

  private final Flaw flaw;

  StoreMutant(Testee delegate, Flaw flaw) {
    super(delegate);
    this.flaw = flaw;
  }

  @Override
  public EmitResult emit(Path store, Bytes bytes, List<BlobContent> blobs) throws TesteeException {
    Record record;
    try {
      record = CapnpCodec.decodeRecord(bytes.toByteArray());
    } catch (DecodeException e) {
      if (flaw == Flaw.ACCEPTS_MALFORMED_RECORD) {
        return new EmitResult(EmitOutcome.CREATED, 0, 0);
      }
      return delegate.emit(store, bytes, blobs);
    }
    try {
      switch (flaw) {
        case UNSTAGED_RECORD -> {
          return unstaged(store, record, bytes, blobs);
        }
        case ACCEPTS_WRONG_DIGEST -> {
          for (BlobContent b : blobs) {
            if (!Keys.blobDigest(b.content().toByteArray()).equals(b.digest())) {
              delegate.heads(store, Optional.empty());
              Path path = StoreFiles.blob(store, b.digest());
              Files.createDirectories(path.getParent());
              Files.write(path, b.content().toByteArray());
              return new EmitResult(EmitOutcome.CREATED, b.content().size(), 0);
            }
          }
          return delegate.emit(store, bytes, blobs);
        }
        case OVERWRITES_OTHER_FACET -> {
          EmitResult r = delegate.emit(store, bytes, blobs);
          Path heads = store.resolve("heads");
          Path own = StoreFiles.head(store, record.facet(), record.subject());
          try (Stream<Path> facets = Files.list(heads)) {
            for (Path f : facets.toList()) {
              Path head = f.resolve(own.getParent().getFileName()).resolve(own.getFileName());
              if (!f.getFileName().toString().equals(record.facet().name()) && Files.isRegularFile(head)) {
                Files.writeString(head, record.inputKey() + "\n");
              }
            }
          }
          return r;
        }
        case BLOB_WRONG_PATH -> {
          EmitResult r = delegate.emit(store, bytes, blobs);
          for (Output o : record.outputs()) {
            Path right = StoreFiles.blob(store, o.blob().digest());
            String hex = o.blob().digest().hex();
            Path wrong = right.getParent().resolveSibling(hex.substring(2, 4)).resolve(hex);
            if (Files.isRegularFile(right) && !right.equals(wrong)) {
              Files.createDirectories(wrong.getParent());
              Files.move(right, wrong, StandardCopyOption.REPLACE_EXISTING);
            }
          }
          return r;
        }
        default -> {
          return delegate.emit(store, bytes, blobs);
        }
      }
    } catch (IOException e) {
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, String.valueOf(e.getMessage()), e);
    }
  }

  private EmitResult unstaged(Path store, Record record, Bytes bytes, List<BlobContent> blobs)
      throws TesteeException, IOException {
    delegate.heads(store, Optional.empty());
    Path file = StoreFiles.record(store, record.facet(), record.inputKey());
    if (Files.exists(file) || !Keys.inputKey(record.keyMaterial()).equals(record.inputKey())) {
      return delegate.emit(store, bytes, blobs);
    }
    for (BlobContent b : blobs) {
      if (!Keys.blobDigest(b.content().toByteArray()).equals(b.digest())) {
        return delegate.emit(store, bytes, blobs);
      }
    }
    for (BlobContent b : blobs) {
      Path blob = StoreFiles.blob(store, b.digest());
      if (!Files.exists(blob)) {
        Files.createDirectories(blob.getParent());
        Files.write(blob, b.content().toByteArray());
      }
    }
    Files.createDirectories(file.getParent());
    byte[] all = bytes.toByteArray();
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(all, 0, all.length / 2);
      out.flush();
      Thread.sleep(25);
      out.write(all, all.length / 2, all.length - all.length / 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, "interrupted", e);
    }
    EmitResult r = delegate.emit(store, bytes, blobs);
    return new EmitResult(EmitOutcome.CREATED, r.bytesWritten(), r.bytesDeduplicated());
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial) throws TesteeException {
    RequestResult r = delegate.request(store, subject, facet, keyMaterial);
    if (flaw != Flaw.STALE_HIT || r.isHit()) {
      return r;
    }
    for (Head h : delegate.heads(store, Optional.of(facet))) {
      if (h.subject().equals(subject)) {
        Optional<Bytes> stale = delegate.readRecord(store, h.inputKey());
        if (stale.isPresent()) {
          return RequestResult.hit(stale.get());
        }
      }
    }
    return r;
  }
}

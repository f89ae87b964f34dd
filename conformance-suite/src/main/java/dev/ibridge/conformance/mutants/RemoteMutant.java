package dev.ibridge.conformance.mutants;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.InProcessTestee;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.StoreFiles;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.TesteeFailure;
import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Limits;
import dev.ibridge.model.Output;
import dev.ibridge.model.Record;
import dev.ibridge.model.Subject;
import dev.ibridge.store.Store;
import dev.ibridge.store.remote.RemoteClient;
import dev.ibridge.store.remote.RemoteConfig;
import dev.ibridge.store.remote.RemoteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reference with one rule of its remote tier broken (spec chapter "Remote stores"). On a
 * local miss the mutant asks the remote itself, the way a careless tier would, and answers the
 * request; a local hit, and everything else, is the reference's. It takes its remote from the
 * reference it wraps, so it works in process ({@link #withEnvironment}) and under {@code
 * TesteeMain --mutant NAME} with the process's {@code IBRIDGE_REMOTE*} variables alike.
 */
final class RemoteMutant extends ForwardingTestee {
  enum Flaw {
    /**
     * Takes the record at {@code /ac/<k>} as the answer without checking that its key material
     * re-derives {@code k}: a record for another key lands and is served as the hit.
     */
    TRUSTS_OTHER_KEYS,
    /**
     * Writes each blob fetched from {@code /cas/<h>} into the local store as it arrives, and only
     * then checks its digest and size: a bad blob is a miss, but it stays in the store.
     */
    LANDS_UNVERIFIED_BLOBS
  }

  private final Flaw flaw;
  private final Optional<RemoteClient> client;

  RemoteMutant(Testee delegate, Flaw flaw) {
    super(delegate);
    this.flaw = flaw;
    this.client = (delegate instanceof InProcessTestee reference ? reference.remoteConfig() : Optional.<RemoteConfig>empty())
        .map(RemoteClient::new);
  }

  @Override
  public Optional<Testee> withEnvironment(Map<String, String> environment) {
    return delegate.withEnvironment(environment).map(t -> new RemoteMutant(t, flaw));
  }

  @Override
  public String stderrSoFar() {
    return delegate.stderrSoFar();
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial) throws TesteeException {
    Digest key = Keys.inputKey(keyMaterial);
    if (client.isEmpty() || delegate.readRecord(store, key).isPresent()) {
      return delegate.request(store, subject, facet, keyMaterial);
    }
    try {
      Optional<byte[]> encoded = client.get().get(RemoteStore.acPath(key), Limits.MAX_MESSAGE_BYTES);
      if (encoded.isEmpty()) {
        return RequestResult.miss("neither the local store nor the remote holds the key");
      }
      Record record = CapnpCodec.decodeRecord(encoded.get());
      if (flaw != Flaw.TRUSTS_OTHER_KEYS && !Keys.inputKey(record.keyMaterial()).equals(key)) {
        return RequestResult.miss("the remote's record is for another key");
      }
      Map<Digest, Bytes> blobs = new HashMap<>();
      for (Output o : record.outputs()) {
        Digest d = o.blob().digest();
        Optional<byte[]> content = client.get().get(RemoteStore.casPath(d), o.blob().size());
        if (content.isEmpty()) {
          return RequestResult.miss("the remote lacks a blob of the record");
        }
        if (flaw == Flaw.LANDS_UNVERIFIED_BLOBS) {
          Path file = StoreFiles.blob(store, d);
          Files.createDirectories(file.getParent());
          Files.write(file, content.get());
        }
        if (content.get().length != o.blob().size() || !Keys.blobDigest(content.get()).equals(d)) {
          return RequestResult.miss("the remote's blob does not match its digest");
        }
        blobs.put(d, Bytes.wrap(content.get()));
      }
      try (Store s = Store.open(store)) {
        s.emit(record, blobs);
      }
      return RequestResult.hit(Bytes.wrap(CapnpCodec.encodeRecord(record)));
    } catch (DecodeException e) {
      return RequestResult.miss("the remote's record does not decode");
    } catch (IOException e) {
      return RequestResult.miss("the remote failed: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new TesteeException(TesteeFailure.RUNTIME_ERROR, String.valueOf(e.getMessage()), e);
    }
  }
}

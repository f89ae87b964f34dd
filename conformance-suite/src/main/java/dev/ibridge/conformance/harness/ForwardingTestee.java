package dev.ibridge.conformance.harness;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Output;
import dev.ibridge.model.Subject;
import dev.ibridge.store.EmitResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A testee that passes every call to another; mutants override the calls they break. */
public abstract class ForwardingTestee implements Testee {
  protected final Testee delegate;

  protected ForwardingTestee(Testee delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public TesteeInfo hello() throws TesteeException {
    return delegate.hello();
  }

  @Override
  public KeyDerivation deriveKey(KeyMaterial keyMaterial) throws TesteeException {
    return delegate.deriveKey(keyMaterial);
  }

  @Override
  public Fingerprint outputFingerprint(List<Output> outputs) throws TesteeException {
    return delegate.outputFingerprint(outputs);
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial)
      throws TesteeException {
    return delegate.request(store, subject, facet, keyMaterial);
  }

  @Override
  public EmitResult emit(Path store, Bytes record, List<BlobContent> blobs) throws TesteeException {
    return delegate.emit(store, record, blobs);
  }

  @Override
  public ActivityOutcome runActivity(ActivityCall call, CompileHandler compiler) throws TesteeException {
    return delegate.runActivity(call, compiler);
  }

  @Override
  public Optional<Bytes> readRecord(Path store, Digest inputKey) throws TesteeException {
    return delegate.readRecord(store, inputKey);
  }

  @Override
  public List<Head> heads(Path store, Optional<Facet> facet) throws TesteeException {
    return delegate.heads(store, facet);
  }

  @Override
  public Optional<Bytes> readBlob(Path store, Digest digest) throws TesteeException {
    return delegate.readBlob(store, digest);
  }

  @Override
  public HarnessFraming framing() {
    return delegate.framing();
  }

  @Override
  public void close() {
    delegate.close();
  }
}

package dev.ibridge.conformance.mutants;

import dev.ibridge.capnp.CapnpCodec;
import dev.ibridge.codec.DecodeException;
import dev.ibridge.conformance.harness.ActivityCall;
import dev.ibridge.conformance.harness.ActivityOutcome;
import dev.ibridge.conformance.harness.BlobContent;
import dev.ibridge.conformance.harness.CompileHandler;
import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Subject;
import dev.ibridge.store.EmitResult;
import java.nio.file.Path;
import java.util.List;

/** The reference, except that it crashes on any facet that is neither core nor one of its own. */
final class UnknownFacetMutant extends ForwardingTestee {
  UnknownFacetMutant(Testee delegate) {
    super(delegate);
  }

  private void known(Facet facet) throws TesteeException {
    if (!facet.isCore() && !delegate.hello().facets().contains(facet)) {
      throw new IllegalStateException("no handler for facet " + facet);
    }
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial) throws TesteeException {
    known(facet);
    return delegate.request(store, subject, facet, keyMaterial);
  }

  @Override
  public EmitResult emit(Path store, Bytes record, List<BlobContent> blobs) throws TesteeException {
    try {
      known(CapnpCodec.decodeRecord(record.toByteArray()).facet());
    } catch (DecodeException e) {
      return delegate.emit(store, record, blobs);
    }
    return delegate.emit(store, record, blobs);
  }

  @Override
  public ActivityOutcome runActivity(ActivityCall call, CompileHandler compiler) throws TesteeException {
    return delegate.runActivity(call, (subject, facet, km) -> {
      if (!facet.isCore()) {
        throw new IllegalStateException("no handler for facet " + facet);
      }
      return compiler.compile(subject, facet, km);
    });
  }
}

package dev.ibridge.conformance.mutants;

import dev.ibridge.conformance.harness.ActivityCall;
import dev.ibridge.conformance.harness.ActivityOutcome;
import dev.ibridge.conformance.harness.CompileHandler;
import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Subject;
import java.nio.file.Path;

/** The reference with its activities run by a {@link MutantEmitter} with one flaw. */
final class ActivityMutant extends ForwardingTestee {
  private final MutantEmitter.Flaw flaw;

  ActivityMutant(Testee delegate, MutantEmitter.Flaw flaw) {
    super(delegate);
    this.flaw = flaw;
  }

  @Override
  public ActivityOutcome runActivity(ActivityCall call, CompileHandler compiler) throws TesteeException {
    return MutantEmitter.run(call, compiler, flaw);
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial) throws TesteeException {
    if (flaw == MutantEmitter.Flaw.NEVER_REUSE) {
      delegate.heads(store, java.util.Optional.empty());
      return RequestResult.miss("this emitter never reuses anything");
    }
    return delegate.request(store, subject, facet, keyMaterial);
  }
}

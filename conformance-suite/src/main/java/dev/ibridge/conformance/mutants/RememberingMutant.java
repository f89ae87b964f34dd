package dev.ibridge.conformance.mutants;

import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Subject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The reference, except that it remembers every hit for good and never looks at the record file again. */
final class RememberingMutant extends ForwardingTestee {
  private final Map<List<Object>, RequestResult> hits = new HashMap<>();

  RememberingMutant(Testee delegate) {
    super(delegate);
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial) throws TesteeException {
    List<Object> key = List.of(store.toAbsolutePath(), subject, facet, keyMaterial);
    RequestResult remembered = hits.get(key);
    if (remembered != null) {
      return remembered;
    }
    RequestResult r = delegate.request(store, subject, facet, keyMaterial);
    if (r.isHit()) {
      hits.put(key, r);
    }
    return r;
  }
}

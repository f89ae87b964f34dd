package dev.ibridge.conformance.mutants;

import dev.ibridge.conformance.harness.ForwardingTestee;
import dev.ibridge.conformance.harness.RequestResult;
import dev.ibridge.conformance.harness.Testee;
import dev.ibridge.conformance.harness.TesteeException;
import dev.ibridge.conformance.harness.TesteeFailure;
import dev.ibridge.model.Facet;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The reference, except that every request first empties the store's tmp/ without taking the lock. */
final class TmpCleaningMutant extends ForwardingTestee {
  TmpCleaningMutant(Testee delegate) {
    super(delegate);
  }

  @Override
  public RequestResult request(Path store, Subject subject, Facet facet, KeyMaterial keyMaterial) throws TesteeException {
    Path tmp = store.resolve("tmp");
    if (Files.isDirectory(tmp)) {
      try (Stream<Path> files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      } catch (IOException e) {
        throw new TesteeException(TesteeFailure.RUNTIME_ERROR, e.getMessage(), e);
      }
    }
    return delegate.request(store, subject, facet, keyMaterial);
  }
}

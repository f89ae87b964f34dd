package dev.ibridge.conformance.harness;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import java.util.Objects;
import java.util.Optional;

/** A testee's output fingerprint, with the canonical output-manifest bytes when it shows them. */
public record Fingerprint(Digest outputFingerprint, Optional<Bytes> canonicalBytes) {
  public Fingerprint {
    Objects.requireNonNull(outputFingerprint, "outputFingerprint");
    Objects.requireNonNull(canonicalBytes, "canonicalBytes");
  }
}

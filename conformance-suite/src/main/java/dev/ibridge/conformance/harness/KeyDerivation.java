package dev.ibridge.conformance.harness;

import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import java.util.Objects;
import java.util.Optional;

/** A testee's derived input key, with the canonical bytes it hashed when it shows them. */
public record KeyDerivation(Digest inputKey, Optional<Bytes> canonicalBytes) {
  public KeyDerivation {
    Objects.requireNonNull(inputKey, "inputKey");
    Objects.requireNonNull(canonicalBytes, "canonicalBytes");
  }
}

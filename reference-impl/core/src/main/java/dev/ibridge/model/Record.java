package dev.ibridge.model;

import java.util.List;
import java.util.Objects;

/**
 * The atomic response for one (subject, facet). The subject and facet are those of the key
 * material. The model does not check that {@code inputKey} and {@code outputFingerprint} match the
 * material and outputs; the codecs and the store do, with the key derivation.
 */
public record Record(
    Producer producer,
    Digest inputKey,
    KeyMaterial keyMaterial,
    List<Output> outputs,
    Digest outputFingerprint) {

  public Record {
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(inputKey, "inputKey");
    Objects.requireNonNull(keyMaterial, "keyMaterial");
    outputs = Canonical.requireSorted(outputs, Output.ORDER, Limits.MAX_OUTPUTS, "outputs");
    Objects.requireNonNull(outputFingerprint, "outputFingerprint");
  }

  public Subject subject() {
    return keyMaterial.subject();
  }

  public Facet facet() {
    return keyMaterial.facet();
  }

  /** Sorts {@code outputs} into canonical order (by name). */
  public static List<Output> sortOutputs(List<Output> outputs) {
    return Canonical.sort(outputs, Output.ORDER);
  }
}

package dev.ibridge.conformance.harness;

import dev.ibridge.activity.SubjectFacet;
import dev.ibridge.model.Digest;
import java.util.Objects;

/** What a testee did for one (subject, facet) of an activity, and the record it used or emitted. */
public record ActivityStep(SubjectFacet node, Decision decision, Digest inputKey, Digest outputFingerprint) {
  public ActivityStep {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(inputKey, "inputKey");
    Objects.requireNonNull(outputFingerprint, "outputFingerprint");
  }

  /** Reused a stored record, or recomputed (compiled and emitted) one. */
  public enum Decision {
    REUSED,
    RECOMPUTED
  }
}

package dev.ibridge.conformance.harness;

import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Subject;
import java.util.Comparator;
import java.util.Objects;

/** One head of a store: the input key of the latest record of (subject, facet). */
public record Head(Subject subject, Facet facet, Digest inputKey) {
  /** Heads are listed by facet, then subject. */
  public static final Comparator<Head> ORDER =
      Comparator.comparing(Head::facet).thenComparing(Head::subject);

  public Head {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(facet, "facet");
    Objects.requireNonNull(inputKey, "inputKey");
  }
}

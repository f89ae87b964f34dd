package dev.ibridge.model;

import java.util.Comparator;
import java.util.Objects;

/** A record that a computation read, with the output fingerprint it saw. Order: subject, facet. */
public record Read(Subject subject, Facet facet, Digest outputFingerprint) {
  static final Comparator<Read> ORDER =
      Comparator.comparing(Read::subject).thenComparing(Read::facet);

  public Read {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(facet, "facet");
    Objects.requireNonNull(outputFingerprint, "outputFingerprint");
  }
}

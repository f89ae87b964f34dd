package dev.ibridge.model;

import java.util.Comparator;
import java.util.Objects;

/** A record that a computation read, with the output fingerprint it saw. Order: subject, facet. */
public record Read(Subject subject, Facet facet, Digest outputFingerprint) {
  static final Comparator<Read> ORDER = (a, b) -> {
    int c = a.subject.compareTo(b.subject);
    return c != 0 ? c : a.facet.compareTo(b.facet);
  };

  public Read {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(facet, "facet");
    Objects.requireNonNull(outputFingerprint, "outputFingerprint");
  }
}

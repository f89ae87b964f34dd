package dev.ibridge.activity;

import dev.ibridge.model.Facet;
import dev.ibridge.model.Subject;
import java.util.Comparator;
import java.util.Objects;

/** One node of the facet graph: a facet of a subject. */
public record SubjectFacet(Subject subject, Facet facet) implements Comparable<SubjectFacet> {
  private static final Comparator<SubjectFacet> ORDER =
      Comparator.comparing(SubjectFacet::subject).thenComparing(SubjectFacet::facet);

  public SubjectFacet {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(facet, "facet");
  }

  @Override
  public int compareTo(SubjectFacet o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    String unit = subject.unit().targetName();
    return (subject.isWholeUnit() ? unit : unit + "::" + subject.modulePath()) + " " + facet;
  }
}

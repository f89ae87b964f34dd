package dev.ibridge.activity;

import dev.ibridge.model.Facet;
import java.util.Objects;

/** One facet-dependency rule: the facet reads {@code facet} of the subjects given by {@code of}. */
public record ReadRule(Facet facet, Relation of) {
  public ReadRule {
    Objects.requireNonNull(facet, "facet");
    Objects.requireNonNull(of, "of");
  }
}

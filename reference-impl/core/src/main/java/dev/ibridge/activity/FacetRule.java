package dev.ibridge.activity;

import dev.ibridge.model.Facet;
import java.util.List;
import java.util.Objects;

/**
 * How one facet is computed: whether it reads the subject's source files directly, which part of
 * them its observable output depends on, and which facets of which subjects it reads.
 */
public record FacetRule(Facet facet, boolean sources, Observes observes, List<ReadRule> reads) {
  public FacetRule {
    Objects.requireNonNull(facet, "facet");
    Objects.requireNonNull(observes, "observes");
    reads = List.copyOf(reads);
    if (reads.stream().distinct().count() != reads.size()) {
      throw new IllegalArgumentException("facet " + facet + " lists the same read twice: " + reads);
    }
  }
}

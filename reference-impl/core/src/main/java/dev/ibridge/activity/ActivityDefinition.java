package dev.ibridge.activity;

import dev.ibridge.model.Facet;
import java.util.List;
import java.util.Objects;

/**
 * An activity as data: the facets it emits for the subjects it runs on, and the facets it requests
 * from other activities. Any facet the activity needs and misses, it computes and emits itself.
 */
public record ActivityDefinition(String name, List<Facet> requests, List<Facet> emits) {
  public ActivityDefinition {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*")) {
      throw new IllegalArgumentException(
          "activity name must be lower-case words separated by dots or hyphens, got \"" + name + "\"");
    }
    requests = List.copyOf(requests);
    emits = List.copyOf(emits);
    if (emits.isEmpty()) {
      throw new IllegalArgumentException("activity " + name + " emits no facet");
    }
  }
}

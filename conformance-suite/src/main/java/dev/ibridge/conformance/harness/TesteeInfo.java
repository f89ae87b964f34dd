package dev.ibridge.conformance.harness;

import dev.ibridge.model.Facet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A testee's answer to hello: its harness version, name, version, operations and own facets. */
public record TesteeInfo(
    int harnessVersion, String name, String version, Set<Operation> operations, List<Facet> facets) {
  public TesteeInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    operations = Set.copyOf(operations);
    facets = List.copyOf(facets);
  }

  public boolean supports(Operation operation) {
    return operations.contains(operation);
  }
}

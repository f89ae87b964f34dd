package dev.ibridge.conformance.harness;

import dev.ibridge.activity.SubjectFacet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A testee's report of one activity run: its steps in the order it took them. */
public record ActivityOutcome(List<ActivityStep> steps) {
  public ActivityOutcome {
    steps = List.copyOf(steps);
  }

  public Set<SubjectFacet> reused() {
    return nodes(ActivityStep.Decision.REUSED);
  }

  public Set<SubjectFacet> recomputed() {
    return nodes(ActivityStep.Decision.RECOMPUTED);
  }

  private Set<SubjectFacet> nodes(ActivityStep.Decision decision) {
    Set<SubjectFacet> nodes = new TreeSet<>();
    for (ActivityStep s : steps) {
      if (s.decision() == decision) {
        nodes.add(s.node());
      }
    }
    return nodes;
  }
}

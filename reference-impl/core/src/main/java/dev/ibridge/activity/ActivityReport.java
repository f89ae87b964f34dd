package dev.ibridge.activity;

import dev.ibridge.model.Digest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What one activity run did, step by step in the order the runner took them. */
public record ActivityReport(String activity, Selection selection, List<StepResult> steps) {
  public ActivityReport {
    steps = List.copyOf(steps);
  }

  public Set<SubjectFacet> hits() {
    Set<SubjectFacet> hits = new TreeSet<>();
    for (StepResult s : steps) {
      if (s instanceof StepResult.Reused) {
        hits.add(s.node());
      }
    }
    return hits;
  }

  public Set<SubjectFacet> computed() {
    Set<SubjectFacet> computed = new TreeSet<>();
    for (StepResult s : steps) {
      if (s instanceof StepResult.Computed) {
        computed.add(s.node());
      }
    }
    return computed;
  }

  /** The input key of every step. */
  public Map<SubjectFacet, Digest> keys() {
    Map<SubjectFacet, Digest> keys = new LinkedHashMap<>();
    for (StepResult s : steps) {
      keys.put(s.node(), s.inputKey());
    }
    return keys;
  }

  public long bytesWritten() {
    return steps.stream()
        .mapToLong(s -> s instanceof StepResult.Computed c ? c.bytesWritten() : 0)
        .sum();
  }

  public long bytesDeduplicated() {
    return steps.stream()
        .mapToLong(s -> s instanceof StepResult.Computed c ? c.bytesDeduplicated() : 0)
        .sum();
  }

  /** The command line this run stands for, such as {@code build -p dep}. */
  public String command() {
    return selection.isAll() ? activity : activity + " " + selection;
  }
}

package dev.ibridge.tools.schema;

import java.util.List;

/** The verdict of the evolution gate: every difference found, each breaking or compatible. */
public record CompatReport(List<Finding> findings) {

  public CompatReport {
    findings = List.copyOf(findings);
  }

  /** One difference: {@code where} names the file and type, {@code reason} says what changed. */
  public record Finding(boolean breaking, String where, String reason) {
    @Override
    public String toString() {
      return (breaking ? "BREAKING " : "compatible ") + where + ": " + reason;
    }
  }

  public boolean compatible() {
    return findings.stream().noneMatch(Finding::breaking);
  }

  public List<Finding> breaking() {
    return findings.stream().filter(Finding::breaking).toList();
  }
}

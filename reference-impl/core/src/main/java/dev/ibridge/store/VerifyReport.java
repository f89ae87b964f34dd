package dev.ibridge.store;

import java.util.List;

/** What {@link Store#verify} checked and the problems it found; {@link #ok} when there are none. */
public record VerifyReport(long records, long blobs, long heads, long journals, List<Problem> problems) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}

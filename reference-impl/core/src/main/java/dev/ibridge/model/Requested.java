package dev.ibridge.model;

import java.util.Objects;

/**
 * A request for one (subject, facet) under one input key. {@code missReason} explains a miss to
 * people; it is null on a hit and may be null on a miss.
 */
public record Requested(
    Subject subject, Facet facet, Digest inputKey, RequestOutcome outcome, String missReason)
    implements JournalEntry {
  public Requested {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(facet, "facet");
    Objects.requireNonNull(inputKey, "inputKey");
    Objects.requireNonNull(outcome, "outcome");
    if (missReason != null) {
      if (outcome == RequestOutcome.HIT) {
        throw new IllegalArgumentException("a hit has no miss reason, got \"" + missReason + "\"");
      }
      Text.check(missReason, "missReason");
    }
  }
}

package dev.ibridge.activity;

import dev.ibridge.model.Digest;
import dev.ibridge.model.EmitOutcome;
import dev.ibridge.model.Record;

/** What an activity did for one (subject, facet): reused a stored record, or computed and emitted one. */
public sealed interface StepResult permits StepResult.Reused, StepResult.Computed {
  SubjectFacet node();

  /** The record used: the stored one on a hit, the emitted one otherwise. */
  Record record();

  default Digest inputKey() {
    return record().inputKey();
  }

  /** The store answered the request with a record. */
  record Reused(SubjectFacet node, Record record) implements StepResult {}

  /** The request missed ({@code missReason} says why); the runner computed and emitted the record. */
  record Computed(
      SubjectFacet node,
      Record record,
      String missReason,
      EmitOutcome emitOutcome,
      long bytesWritten,
      long bytesDeduplicated)
      implements StepResult {}
}

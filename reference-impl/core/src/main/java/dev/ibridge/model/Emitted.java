package dev.ibridge.model;

import java.util.Objects;

/** A record was emitted, with how the emit ended and how many blob bytes it wrote or shared. */
public record Emitted(
    Subject subject,
    Facet facet,
    Digest inputKey,
    Digest outputFingerprint,
    EmitOutcome outcome,
    long bytesWritten,
    long bytesDeduplicated)
    implements JournalEntry {
  public Emitted {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(facet, "facet");
    Objects.requireNonNull(inputKey, "inputKey");
    Objects.requireNonNull(outputFingerprint, "outputFingerprint");
    Objects.requireNonNull(outcome, "outcome");
    Text.checkSize(bytesWritten, "bytesWritten");
    Text.checkSize(bytesDeduplicated, "bytesDeduplicated");
  }
}

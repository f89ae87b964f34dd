package dev.ibridge.store;

import dev.ibridge.model.Digest;
import dev.ibridge.model.Facet;
import dev.ibridge.model.Subject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a request would hit or miss. {@code previousKey} is the input key of the subject's last
 * emitted record for the facet, if the store has one; {@code differences} lists the key-material
 * entries that differ from that record's material; {@code note} explains anything else (no
 * previous record, an unreadable one, a record that exists but is damaged).
 */
public record Explanation(
    Subject subject,
    Facet facet,
    Digest inputKey,
    boolean hit,
    Optional<Digest> previousKey,
    List<Difference> differences,
    Optional<String> note) {

  public Explanation {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(facet, "facet");
    Objects.requireNonNull(inputKey, "inputKey");
    Objects.requireNonNull(previousKey, "previousKey");
    differences = List.copyOf(differences);
    Objects.requireNonNull(note, "note");
  }

  /** A short paragraph for people: the verdict, then one line per difference. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append(hit ? "fresh: " : "dirty: ").append(facet).append(" of ").append(Subjects.describe(subject));
    out.append(" under key ").append(inputKey);
    note.ifPresent(n -> out.append("\n  ").append(n));
    for (Difference d : differences) {
      out.append("\n  ").append(d.describe());
    }
    return out.toString();
  }
}

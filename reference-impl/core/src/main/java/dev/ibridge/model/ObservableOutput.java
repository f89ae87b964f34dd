package dev.ibridge.model;

import java.util.Comparator;
import java.util.Objects;

/** One observable output as it enters an output fingerprint. Canonical order: by name. */
public record ObservableOutput(String name, Digest digest, long size) {
  static final Comparator<ObservableOutput> ORDER = (a, b) -> Text.compareCodePoints(a.name, b.name);

  public ObservableOutput {
    Text.checkNonEmpty(name, "output name");
    Objects.requireNonNull(digest, "digest");
    Text.checkSize(size, "output size");
  }
}

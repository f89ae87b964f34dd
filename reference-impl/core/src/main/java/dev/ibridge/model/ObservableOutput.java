package dev.ibridge.model;

import java.util.Comparator;
import java.util.Objects;

/** One observable output as it enters an output fingerprint. Canonical order: by name. */
public record ObservableOutput(String name, Digest digest, long size) {
  static final Comparator<ObservableOutput> ORDER =
      Comparator.comparing(ObservableOutput::name, Text.CODE_POINT_ORDER);

  public ObservableOutput {
    Text.checkNonEmpty(name, "output name");
    Objects.requireNonNull(digest, "digest");
    Text.checkSize(size, "output size");
  }
}

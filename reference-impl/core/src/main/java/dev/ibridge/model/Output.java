package dev.ibridge.model;

import java.util.Comparator;
import java.util.Objects;

/** One named output of a record. Only observable outputs enter the output fingerprint. */
public record Output(String name, BlobRef blob, boolean observable) {
  static final Comparator<Output> ORDER = (a, b) -> Text.compareCodePoints(a.name, b.name);

  public Output {
    Text.checkNonEmpty(name, "output name");
    Objects.requireNonNull(blob, "blob");
  }
}

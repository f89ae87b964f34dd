package dev.ibridge.model;

import java.util.Comparator;

/**
 * An input read directly by a computation. Canonical order: files before environment variables,
 * then by path or name.
 */
public sealed interface DirectInput permits FileInput, EnvInput {
  Comparator<DirectInput> ORDER = (a, b) -> {
    int c = Integer.compare(kindRank(a), kindRank(b));
    return c != 0 ? c : Text.compareCodePoints(a.name(), b.name());
  };

  /** The file's path or the variable's name: unique among inputs of the same kind. */
  String name();

  private static int kindRank(DirectInput input) {
    return input instanceof FileInput ? 0 : 1;
  }
}

package dev.ibridge.model;

import java.util.Comparator;

/** One configuration entry a facet depends on. Canonical order: by name. */
public record ConfigEntry(String name, String value) {
  static final Comparator<ConfigEntry> ORDER = (a, b) -> Text.compareCodePoints(a.name, b.name);

  public ConfigEntry {
    Text.checkNonEmpty(name, "config name");
    Text.check(value, "config value");
  }
}

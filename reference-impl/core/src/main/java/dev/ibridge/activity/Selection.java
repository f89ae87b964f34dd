package dev.ibridge.activity;

import java.util.Set;
import java.util.TreeSet;

/**
 * The units an activity runs on, like cargo's {@code -p}: the named packages, or the whole
 * workspace when {@code packages} is empty. The facets the selected units read of other units are
 * still requested (and computed on a miss), but nothing else of those units.
 */
public record Selection(Set<String> packages) {
  public Selection {
    packages = Set.copyOf(packages);
  }

  public static Selection all() {
    return new Selection(Set.of());
  }

  public static Selection packages(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("name at least one package, or use Selection.all()");
    }
    return new Selection(Set.of(names));
  }

  public boolean isAll() {
    return packages.isEmpty();
  }

  @Override
  public String toString() {
    return isAll() ? "" : "-p " + String.join(",", new TreeSet<>(packages));
  }
}

package dev.ibridge.conformance.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of deliberately broken testees (mutants), each a decorator of a working testee, found by
 * name. Implementations are discovered with {@link ServiceLoader}: list the implementing class in
 * {@code META-INF/services/dev.ibridge.conformance.harness.MutantCatalog}. {@code TesteeMain
 * --mutant NAME} serves the reference wrapped in the named mutant, so mutants run through the
 * subprocess harness exactly like a real testee.
 */
public interface MutantCatalog {

  /** The names of the mutants this catalog makes; stable, lower-case, hyphenated. */
  Set<String> names();

  /** {@code reference} broken in the way {@code name} says; {@code name} is one of {@link #names()}. */
  Testee mutate(String name, Testee reference);

  /** Every catalog on the class path. */
  static List<MutantCatalog> installed() {
    List<MutantCatalog> catalogs = new ArrayList<>();
    ServiceLoader.load(MutantCatalog.class, MutantCatalog.class.getClassLoader()).forEach(catalogs::add);
    return catalogs;
  }

  /** Every mutant name of every installed catalog, sorted. */
  static Set<String> allNames() {
    Set<String> names = new TreeSet<>();
    for (MutantCatalog c : installed()) {
      names.addAll(c.names());
    }
    return names;
  }

  /**
   * {@code reference} wrapped in the installed mutant called {@code name}.
   *
   * @throws IllegalArgumentException when no installed catalog knows {@code name}
   */
  static Testee lookup(String name, Testee reference) {
    for (MutantCatalog c : installed()) {
      if (c.names().contains(name)) {
        return c.mutate(name, reference);
      }
    }
    throw new IllegalArgumentException("unknown mutant \"" + name + "\"; known: " + allNames());
  }
}

package dev.ibridge.conformance.trace;

import dev.ibridge.conformance.checks.CheckDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * The conformance suite's catalog of checks, {@code dev.ibridge.conformance.checks.Catalog.all()}.
 * Looked up by name because the catalog and this generator are written in parallel; a missing
 * catalog fails the build, as a catalog without checks would.
 */
final class CatalogSource {
  static final String CATALOG = "dev.ibridge.conformance.checks.Catalog";

  private CatalogSource() {}

  @SuppressWarnings("unchecked")
  static List<CheckDescriptor> all() {
    try {
      return (List<CheckDescriptor>) Class.forName(CATALOG).getMethod("all").invoke(null);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the conformance check catalog " + CATALOG
          + " is not on the classpath, so no requirement can be traced to a check", e);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot call " + CATALOG + ".all(): " + e, e);
    }
  }
}

package dev.ibridge.conformance.harness;

import dev.ibridge.activity.ActivityCatalog;
import dev.ibridge.activity.Selection;
import dev.ibridge.activity.Workspace;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One activity to run: the store, the workspace model, the activity's name, the packages
 * selected, and the tool facets and activities beyond the built-in catalog (catalog JSON), if any.
 */
public record ActivityCall(
    Path store, Workspace workspace, String activity, Selection selection, Optional<String> catalog) {
  public ActivityCall {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * The built-in catalog plus this call's own facets and activities.
   *
   * @throws IllegalArgumentException when the call's catalog is not valid catalog JSON or clashes with the built-in one
   */
  public ActivityCatalog resolvedCatalog() {
    ActivityCatalog builtin = ActivityCatalog.builtin();
    return catalog.isEmpty() ? builtin : builtin.withUserDefinitions(catalog.get(), "the activity call's catalog");
  }

  public static ActivityCall of(Path store, Workspace workspace, String activity, Selection selection) {
    return new ActivityCall(store, workspace, activity, selection, Optional.empty());
  }
}

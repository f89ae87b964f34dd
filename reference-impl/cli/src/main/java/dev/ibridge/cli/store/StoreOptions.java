package dev.ibridge.cli.store;

import dev.ibridge.store.StoreLocation;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every store command shares. */
final class StoreOptions {
  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "The store directory. Default: $IBRIDGE_STORE, else ibridge/ inside cargo's target"
          + " directory ($CARGO_TARGET_DIR, else ./target).")
  Path store;

  @Option(names = "--json", description = "Print JSON instead of a table for people.")
  boolean json;

  Path location() {
    return StoreLocation.resolve(Optional.ofNullable(store), System.getenv(), Path.of(""));
  }
}

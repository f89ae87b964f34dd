package dev.ibridge.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a tool finds its store: the {@code --store} option, else {@code IBRIDGE_STORE}, else
 * {@code ibridge} inside cargo's target directory ({@code CARGO_TARGET_DIR}, else {@code ./target}).
 * Relative paths are taken from the working directory; an empty variable counts as unset.
 */
public final class StoreLocation {
  public static final String STORE_VARIABLE = "IBRIDGE_STORE";
  public static final String TARGET_DIR_VARIABLE = "CARGO_TARGET_DIR";
  public static final String DIRECTORY_NAME = "ibridge";

  private StoreLocation() {}

  public static Path resolve(Optional<Path> option, Map<String, String> environment, Path workingDirectory) {
    Objects.requireNonNull(option, "option");
    Path cwd = workingDirectory.toAbsolutePath();
    if (option.isPresent()) {
      return cwd.resolve(option.get()).normalize();
    }
    String store = environment.get(STORE_VARIABLE);
    if (store != null && !store.isEmpty()) {
      return cwd.resolve(store).normalize();
    }
    String target = environment.get(TARGET_DIR_VARIABLE);
    Path targetDir = target != null && !target.isEmpty() ? cwd.resolve(target) : cwd.resolve("target");
    return targetDir.resolve(DIRECTORY_NAME).normalize();
  }
}

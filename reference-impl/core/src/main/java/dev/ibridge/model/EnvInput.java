package dev.ibridge.model;

import java.util.Optional;

/** An environment variable; {@code value} is null when the variable was not set. */
public record EnvInput(String name, String value) implements DirectInput {
  public EnvInput {
    Text.checkNonEmpty(name, "environment variable name");
    if (value != null) {
      Text.check(value, "environment variable value");
    }
  }

  public static EnvInput unset(String name) {
    return new EnvInput(name, null);
  }

  public Optional<String> valueIfSet() {
    return Optional.ofNullable(value);
  }
}

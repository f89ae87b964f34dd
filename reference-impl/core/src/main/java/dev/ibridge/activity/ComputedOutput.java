package dev.ibridge.activity;

import dev.ibridge.model.Bytes;
import java.util.Objects;

/** One output a compiler produced: its name, its bytes, and whether dependents observe it. */
public record ComputedOutput(String name, Bytes content, boolean observable) {
  public ComputedOutput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
  }
}

package dev.ibridge.model;

/** The identity of the compiler toolchain that computed a facet. */
public record Toolchain(String name, String version) {
  public Toolchain {
    Text.checkNonEmpty(name, "toolchain name");
    Text.check(version, "toolchain version");
  }
}

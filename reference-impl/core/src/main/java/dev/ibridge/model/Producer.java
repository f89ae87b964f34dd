package dev.ibridge.model;

/** Who emitted a record. Not part of the key material. */
public record Producer(String activity, String tool, String toolVersion) {
  public Producer {
    Text.checkNonEmpty(activity, "activity");
    Text.checkNonEmpty(tool, "tool");
    Text.check(toolVersion, "toolVersion");
  }
}

package dev.ibridge.model;

import java.util.Objects;

/** A source file, by workspace-relative path with {@code /} separators, content digest and size. */
public record FileInput(String path, Digest digest, long size) implements DirectInput {
  public FileInput {
    Text.checkNonEmpty(path, "path");
    Objects.requireNonNull(digest, "digest");
    Text.checkSize(size, "size");
  }

  @Override
  public String name() {
    return path;
  }
}

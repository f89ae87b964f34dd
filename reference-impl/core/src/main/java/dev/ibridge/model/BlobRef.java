package dev.ibridge.model;

import java.util.Objects;

/** A reference to a content-addressed blob. */
public record BlobRef(Digest digest, long size) {
  public BlobRef {
    Objects.requireNonNull(digest, "digest");
    Text.checkSize(size, "blob size");
  }
}

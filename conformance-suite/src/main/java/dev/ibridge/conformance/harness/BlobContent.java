package dev.ibridge.conformance.harness;

import dev.ibridge.key.Keys;
import dev.ibridge.model.Bytes;
import dev.ibridge.model.Digest;
import java.util.Objects;

/** Blob content offered with an emit, under the digest the runner claims for it (which may be wrong on purpose). */
public record BlobContent(Digest digest, Bytes content) {
  public BlobContent {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(content, "content");
  }

  /** {@code content} under its true digest. */
  public static BlobContent of(Bytes content) {
    return new BlobContent(Keys.blobDigest(content.toByteArray()), content);
  }
}

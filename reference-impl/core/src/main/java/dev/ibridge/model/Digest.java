package dev.ibridge.model;

import java.util.Objects;

/** A digest value tagged with its function. Its text form is {@code sha256:<64 hex digits>}. */
public record Digest(DigestAlgorithm algorithm, Bytes value) implements Comparable<Digest> {
  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(value, "value");
    if (value.size() != algorithm.length()) {
      throw new IllegalArgumentException(
          algorithm.label() + " digest must be " + algorithm.length() + " bytes, got " + value.size());
    }
  }

  public static Digest sha256(Bytes value) {
    return new Digest(DigestAlgorithm.SHA256, value);
  }

  /** Parses the text form {@code sha256:<hex>}. */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("digest must look like sha256:<hex>, got \"" + text + "\"");
    }
    return new Digest(
        DigestAlgorithm.fromLabel(text.substring(0, colon)), Bytes.fromHex(text.substring(colon + 1)));
  }

  public String hex() {
    return value.hex();
  }

  @Override
  public int compareTo(Digest o) {
    int c = algorithm.compareTo(o.algorithm);
    return c != 0 ? c : value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return algorithm.label() + ":" + value.hex();
  }
}

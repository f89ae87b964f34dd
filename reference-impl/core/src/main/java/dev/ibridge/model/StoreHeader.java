package dev.ibridge.model;

import java.util.Objects;

/** The header every store begins with. */
public record StoreHeader(
    int protocolMajor, int protocolMinor, DigestAlgorithm digestAlgorithm, String createdBy) {
  public StoreHeader {
    checkUInt16(protocolMajor, "protocolMajor");
    checkUInt16(protocolMinor, "protocolMinor");
    Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
    Text.check(createdBy, "createdBy");
  }

  static void checkUInt16(int value, String field) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(field + " must be in [0, 65535], got " + value);
    }
  }
}

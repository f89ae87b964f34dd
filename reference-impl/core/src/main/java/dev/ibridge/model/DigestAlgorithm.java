package dev.ibridge.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A digest function. Version 1 of the protocol defines SHA-256 only. */
public enum DigestAlgorithm {
  SHA256("sha256", "SHA-256", 32);

  private final String label;
  private final String jcaName;
  private final int length;

  DigestAlgorithm(String label, String jcaName, int length) {
    this.label = label;
    this.jcaName = jcaName;
    this.length = length;
  }

  /** The lower-case name used in text forms ({@code sha256:…}) and store paths. */
  public String label() {
    return label;
  }

  /** The name of the function in {@link java.security.MessageDigest}. */
  public String jcaName() {
    return jcaName;
  }

  /**
   * A new {@link MessageDigest} of this function, the one way this project computes a digest. Every
   * JDK provides SHA-256, so a missing algorithm is a broken JDK, not bad input.
   */
  public MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide " + jcaName, e);
    }
  }

  /** This function over {@code bytes}. */
  public byte[] hash(byte[] bytes) {
    return newMessageDigest().digest(bytes);
  }

  /** The length of a digest value in bytes. */
  public int length() {
    return length;
  }

  public static DigestAlgorithm fromLabel(String label) {
    for (DigestAlgorithm a : values()) {
      if (a.label.equals(label)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown digest algorithm: \"" + label + "\"");
  }
}

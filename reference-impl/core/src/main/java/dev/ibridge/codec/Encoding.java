package dev.ibridge.codec;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A byte encoding of protocol messages, by the name the command line uses for it. */
public enum Encoding {
  /** A Cap'n Proto message with the standard unpacked stream framing. */
  CAPNP("capnp"),
  /** Avro binary encoding, without any header: the form that is hashed. */
  AVRO_BINARY("avro-binary"),
  /** Avro single-object encoding: {@code C3 01}, the 8-byte schema fingerprint, the binary body. */
  AVRO_SINGLE_OBJECT("avro-single-object"),
  /** Avro's own JSON encoding (not the ibridge JSON form). */
  AVRO_JSON("avro-json"),
  /** An Avro object container file, as the journal is written. */
  AVRO_CONTAINER("avro-container");

  private final String label;

  Encoding(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Encoding fromLabel(String label) {
    for (Encoding e : values()) {
      if (e.label.equals(label)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown encoding \"" + label + "\", expected one of " + labels());
  }

  public static String labels() {
    return Arrays.stream(values()).map(Encoding::label).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return label;
  }
}

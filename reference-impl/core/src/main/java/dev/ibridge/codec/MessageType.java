package dev.ibridge.codec;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The kinds of protocol message a file can hold, by the name the command line uses for them. */
public enum MessageType {
  RECORD("record", "record", Encoding.CAPNP, EnumSet.of(Encoding.CAPNP)),
  STORE_HEADER("store-header", "store header", Encoding.CAPNP, EnumSet.of(Encoding.CAPNP)),
  KEY_MATERIAL(
      "key-material",
      "key material",
      Encoding.AVRO_SINGLE_OBJECT,
      EnumSet.of(Encoding.CAPNP, Encoding.AVRO_BINARY, Encoding.AVRO_SINGLE_OBJECT, Encoding.AVRO_JSON)),
  OUTPUT_MANIFEST(
      "output-manifest",
      "output manifest",
      Encoding.AVRO_SINGLE_OBJECT,
      EnumSet.of(Encoding.AVRO_BINARY, Encoding.AVRO_SINGLE_OBJECT, Encoding.AVRO_JSON)),
  JOURNAL_EVENT(
      "journal-event",
      "journal event",
      Encoding.AVRO_SINGLE_OBJECT,
      EnumSet.of(Encoding.AVRO_BINARY, Encoding.AVRO_SINGLE_OBJECT, Encoding.AVRO_JSON)),
  /** A whole session journal: an Avro object container file of journal events. */
  JOURNAL_FILE("journal", "journal file", Encoding.AVRO_CONTAINER, EnumSet.of(Encoding.AVRO_CONTAINER));

  private final String label;
  private final String description;
  private final Encoding defaultEncoding;
  private final Set<Encoding> encodings;

  MessageType(String label, String description, Encoding defaultEncoding, Set<Encoding> encodings) {
    this.label = label;
    this.description = description;
    this.defaultEncoding = defaultEncoding;
    this.encodings = encodings;
  }

  /** The name used by {@code --type}: {@code record}, {@code key-material}, ... */
  public String label() {
    return label;
  }

  /** The name for people, as used in messages: "store header". */
  public String description() {
    return description;
  }

  /** The encoding a file of this type has unless something else is asked for. */
  public Encoding defaultEncoding() {
    return defaultEncoding;
  }

  /** The encodings a message of this type can have, in declaration order. */
  public Set<Encoding> encodings() {
    return Collections.unmodifiableSet(encodings);
  }

  public boolean supports(Encoding encoding) {
    return encodings.contains(encoding);
  }

  public static MessageType fromLabel(String label) {
    for (MessageType t : values()) {
      if (t.label.equals(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown message type \"" + label + "\", expected one of " + labels());
  }

  public static String labels() {
    return Arrays.stream(values()).map(MessageType::label).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return label;
  }
}

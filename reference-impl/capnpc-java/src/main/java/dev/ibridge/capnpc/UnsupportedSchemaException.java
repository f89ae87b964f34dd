package dev.ibridge.capnpc;

/** A schema that this generator cannot turn into Java, with the node or field at fault named. */
public final class UnsupportedSchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedSchemaException(String message) {
    super(message);
  }
}

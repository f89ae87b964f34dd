package dev.ibridge.tools.schema;

/** A schema file that cannot be read, with the file and line where it went wrong. */
public final class SchemaException extends Exception {
  private static final long serialVersionUID = 1L;

  public SchemaException(String message) {
    super(message);
  }

  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}

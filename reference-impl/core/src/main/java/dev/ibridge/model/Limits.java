package dev.ibridge.model;

/**
 * Upper bounds on every variable-sized part of a protocol value. Readers reject anything larger
 * before allocating for it, so a hostile file cannot exhaust memory.
 */
public final class Limits {
  /** Longest text field, in UTF-8 bytes. */
  public static final int MAX_TEXT_BYTES = 4096;
  /** Longest facet name, in characters (facet names are ASCII). */
  public static final int MAX_FACET_LENGTH = 128;
  /** Most configuration entries in one key material. */
  public static final int MAX_CONFIG_ENTRIES = 4096;
  /** Most direct inputs in one key material. */
  public static final int MAX_INPUTS = 65_536;
  /** Most reads in one key material. */
  public static final int MAX_READS = 65_536;
  /** Most outputs in one record. */
  public static final int MAX_OUTPUTS = 4096;
  /** Largest encoded message accepted by any decoder, in bytes. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private Limits() {}
}

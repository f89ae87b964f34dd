package dev.ibridge.model;

/** The protocol version this implementation speaks. */
public final class ProtocolVersion {
  public static final int MAJOR = 1;
  public static final int MINOR = 0;

  private ProtocolVersion() {}
}

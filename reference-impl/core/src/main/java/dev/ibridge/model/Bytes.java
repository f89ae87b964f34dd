package dev.ibridge.model;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable sequence of bytes, compared by content. */
public final class Bytes implements Comparable<Bytes> {
  private static final HexFormat HEX = HexFormat.of();
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  public static Bytes of(byte[] data) {
    return new Bytes(data.clone());
  }

  /** Wraps {@code data} without copying; the caller gives up the array. */
  public static Bytes wrap(byte[] data) {
    return new Bytes(data);
  }

  public static Bytes fromHex(String hex) {
    try {
      return new Bytes(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hexadecimal string: \"" + hex + "\"", e);
    }
  }

  public int size() {
    return data.length;
  }

  public byte get(int index) {
    return data[index];
  }

  public byte[] toByteArray() {
    return data.clone();
  }

  public String hex() {
    return HEX.formatHex(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(data, o.data);
  }

  @Override
  public String toString() {
    return hex();
  }
}

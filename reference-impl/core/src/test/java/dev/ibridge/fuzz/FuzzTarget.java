package dev.ibridge.fuzz;

import dev.ibridge.codec.DecodeException;
import java.util.List;
import java.util.function.Function;

/**
 * One decoder under attack: how to decode bytes, how to encode a decoded value again (to check
 * that whatever it accepts is a value it can reproduce), the valid inputs that seed the mutations
 * and the hand-crafted hostile inputs.
 */
record FuzzTarget<T>(
    String name, Decoder<T> decoder, Function<T, byte[]> encoder, List<byte[]> valid, List<Hostile.Input> hostile) {

  @FunctionalInterface
  interface Decoder<T> {
    T decode(byte[] bytes) throws DecodeException;
  }

  FuzzTarget {
    if (valid.isEmpty()) {
      throw new IllegalArgumentException("target " + name + " has no valid inputs to mutate");
    }
    valid = List.copyOf(valid);
    hostile = List.copyOf(hostile);
  }
}
